// The HTTP hello server on Node.js's http module, for bench/uv/run.
const http = require("http");
const port = Number(process.argv[2] || 8080);
const body = "Hello, World!\n";
http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": body.length });
  res.end(body);
}).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
