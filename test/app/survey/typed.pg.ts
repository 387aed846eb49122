import { typedSurveySuite } from './typed-suite.js';

typedSurveySuite('postgres');
