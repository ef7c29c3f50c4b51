// Go's container/heap over a plain array, step for step (Init, Push, Pop, Remove, Fix, up, down),
// so that a port of Go code that relies on the heap's exact element order (which block is at
// index 0 among equals) behaves the same.

export interface HeapOps<T> {
  items: T[];
  less(a: T, b: T): boolean;
}

function lessAt<T>(heap: HeapOps<T>, i: number, j: number): boolean {
  return heap.less(heap.items[i] as T, heap.items[j] as T);
}

function swap<T>(items: T[], i: number, j: number): void {
  const tmp = items[i] as T;
  items[i] = items[j] as T;
  items[j] = tmp;
}

export function heapInit<T>(heap: HeapOps<T>): void {
  const n = heap.items.length;
  for (let i = Math.floor(n / 2) - 1; i >= 0; i--) down(heap, i, n);
}

export function heapPush<T>(heap: HeapOps<T>, item: T): void {
  heap.items.push(item);
  up(heap, heap.items.length - 1);
}

export function heapPop<T>(heap: HeapOps<T>): T {
  const n = heap.items.length - 1;
  swap(heap.items, 0, n);
  down(heap, 0, n);
  return heap.items.pop() as T;
}

export function heapRemove<T>(heap: HeapOps<T>, i: number): T {
  const n = heap.items.length - 1;
  if (n !== i) {
    swap(heap.items, i, n);
    if (!down(heap, i, n)) up(heap, i);
  }
  return heap.items.pop() as T;
}

export function heapFix<T>(heap: HeapOps<T>, i: number): void {
  if (!down(heap, i, heap.items.length)) up(heap, i);
}

function up<T>(heap: HeapOps<T>, j: number): void {
  for (;;) {
    const i = Math.floor((j - 1) / 2); // parent; Go's (j-1)/2 truncates toward zero
    if (j <= 0 || i === j || !lessAt(heap, j, i)) break;
    swap(heap.items, i, j);
    j = i;
  }
}

function down<T>(heap: HeapOps<T>, i0: number, n: number): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && lessAt(heap, j2, j1)) j = j2;
    if (!lessAt(heap, j, i)) break;
    swap(heap.items, i, j);
    i = j;
  }
  return i > i0;
}
