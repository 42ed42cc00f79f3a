// Starts the three-member replica set once; does nothing when it already exists.
// Run by the `mongo-init` service in compose.yaml: mongosh --host mongo1 /deploy/mongo-init.js
const config = {
  _id: 'rs0',
  members: [
    { _id: 0, host: 'mongo1:27017', priority: 2 },
    { _id: 1, host: 'mongo2:27017', priority: 1 },
    { _id: 2, host: 'mongo3:27017', priority: 1 },
  ],
};

try {
  const status = rs.status();
  print(`replica set ${status.set} already initiated`);
} catch (err) {
  if (err.codeName !== 'NotYetInitialized') throw err;
  rs.initiate(config);
  print('replica set rs0 initiated');
}

// Wait until a primary is elected, so the app instances start against a writable set.
for (let i = 0; i < 60; i += 1) {
  if (db.hello().isWritablePrimary || rs.status().members.some((m) => m.stateStr === 'PRIMARY')) {
    print('primary elected');
    quit(0);
  }
  sleep(1000);
}
print('no primary after 60 s');
quit(1);
