export { allocatableRange, type PoolBlock, poolSpec, readPoolBlocks } from "../lbipam/pool-blocks.ts";
