// A round-robin TCP proxy for the cluster benchmark: each new connection
// (HTTP or WebSocket alike) goes to the next target in turn, the way a
// load balancer without sticky sessions spreads clients over processes.
// Usage: node bench/cluster-proxy.mjs PORT HOST:PORT [HOST:PORT ...]
import { connect, createServer } from 'node:net'

const [port, ...targets] = process.argv.slice(2)
if (!port || targets.length === 0) {
  console.error('usage: node bench/cluster-proxy.mjs PORT HOST:PORT [HOST:PORT ...]')
  process.exit(2)
}
const upstreams = targets.map((t) => {
  const [host, p] = t.split(':')
  return { host, port: Number(p) }
})
let next = 0

const server = createServer((client) => {
  const target = upstreams[next++ % upstreams.length]
  const upstream = connect(target.port, target.host)
  client.setNoDelay(true)
  upstream.setNoDelay(true)
  client.pipe(upstream)
  upstream.pipe(client)
  const end = () => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', end)
  upstream.on('error', end)
  client.on('close', end)
  upstream.on('close', end)
})
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`proxy listening on ${server.address().port}`)
})
process.on('SIGTERM', () => process.exit(0))
