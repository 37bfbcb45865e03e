// A target for replay tests that runs in its own process, so its clock is not held up by the
// sender's event loop. It answers every request with 200 and, when asked over IPC, sends back
// when each request arrived (epoch milliseconds with sub-millisecond precision) and its path.
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const arrivals = [];
const server = http.createServer((req, res) => {
  arrivals.push({ t: performance.timeOrigin + performance.now(), path: req.url });
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', () => process.send({ arrivals }));
