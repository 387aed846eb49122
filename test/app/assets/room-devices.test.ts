import { roomDevicesSuite } from './room-devices-suite.js';

roomDevicesSuite('pglite');
