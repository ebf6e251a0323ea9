// The start-up baseline: a bare node HTTP server answering 200, started the same way as the service.
import { createServer } from 'node:http';

createServer((request, response) => response.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
