import { roomDevicesSuite } from './room-devices-suite.js';

roomDevicesSuite('postgres');
