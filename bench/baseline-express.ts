// The baseline for bench:webhook: a bare Express handler doing the same transform, nothing saved.
import express from 'express';

const app = express();
app.use(express.json({ limit: '16mb' }));
app.post('/webhook/bench', (req, res) => {
  const body = req.body as { name: string; qty: number; price: number };
  res.json({ greeting: `Hello ${body.name}`, total: body.qty * body.price });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
