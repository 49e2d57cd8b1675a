/** Entry point of the `vigil` executable. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
