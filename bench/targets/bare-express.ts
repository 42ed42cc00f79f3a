// The ceiling: express 5 answering 200 to every POST, doing nothing else.
import express from 'express';
import { closeServer, listenLocal } from '../lib/listen.js';
import { serveTarget } from '../lib/target.js';

await serveTarget(async () => {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res) => {
    res.status(200).type('text/plain').send('ok');
  });
  const { server, url } = await listenLocal(app);
  return { url, stop: () => closeServer(server) };
});
