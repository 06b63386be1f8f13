/**
 * The worker thread of a Lambda version listing (see version-listing.ts): its own clients, the
 * same settings as the main thread's; it reports each call and attempt as it makes it, then the
 * configurations found, or its error as data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToData } from '../thread-errors.js';
import { AwsClients, type AwsClientsOptions } from './clients.js';
import { type ListingMessage, type ListingPlan, listVersions } from './version-listing.js';

const { region, clients } = workerData as { region: string; clients: AwsClientsOptions };
const port = parentPort!;
const send = (message: ListingMessage) => port.postMessage(message);
const aws = new AwsClients(clients);
aws.stats.onRecord((kind, action) => send({ record: { kind, action } }));
const plan = new Promise<ListingPlan | undefined>((resolve) => {
  port.on('message', (message: { plan: ListingPlan | null }) => resolve(message.plan ?? undefined));
});
try {
  send({ found: [...(await listVersions(aws, region, plan))] });
} catch (error) {
  send({ error: errorToData(error) });
} finally {
  aws.destroy();
  port.close();
}
