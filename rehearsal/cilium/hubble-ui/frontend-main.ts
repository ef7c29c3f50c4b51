// hubble-ui's `frontend` container (nginx on 8081 in the pod's network namespace).

import { activeFaults } from "../../faults/faults.ts";
import { createLogger } from "../log-line.ts";
import { createFrontendServer, HUBBLE_UI_FAULT_DOWN } from "./frontend.ts";

const log = createLogger((line) => process.stderr.write(`${line}\n`), { subsys: "hubble-ui-frontend" });
const server = createFrontendServer({
  down: activeFaults(process.env).includes(HUBBLE_UI_FAULT_DOWN),
  baseUrl: process.env.HUBBLE_UI_BASE_URL || "/",
  backendPort: 8090,
});
server.listen(8081, () => log.info("listening", { port: 8081 }));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
