// The page hubble-ui's frontend serves for every path (cilium/hubble-ui src/index.html, built:
// a single-page app — title "Hubble UI", base href "/", an #app root and the bundle), written for
// the double; and the nginx error page the `hubble-ui-down` fault answers with.

export function hubbleUiIndex(baseUrl = "/"): string {
  return [
    "<!DOCTYPE html>",
    "<html>",
    "  <head>",
    '    <meta charset="utf-8" />',
    "    <title>Hubble UI</title>",
    `    <base href="${baseUrl}" />`,
    '    <meta http-equiv="X-UA-Compatible" content="IE=edge" />',
    '    <meta name="viewport" content="width=device-width,user-scalable=0,initial-scale=1,minimum-scale=1,maximum-scale=1" />',
    '    <link rel="icon" type="image/png" sizes="32x32" href="favicon-32x32.png" />',
    '    <script defer="defer" src="bundle.app.js"></script>',
    "  </head>",
    "  <body>",
    '    <div id="app"></div>',
    "  </body>",
    "</html>",
    "",
  ].join("\n");
}

/** The script the page loads: it asks the backend (through the frontend's /api proxy) for nothing more than its health. */
export const HUBBLE_UI_BUNDLE = `document.getElementById("app").textContent = "Hubble UI (rehearsal double)";\n`;

export function nginxErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
