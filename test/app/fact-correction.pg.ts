import { factCorrectionSuite } from './fact-correction-suite.js';

factCorrectionSuite('postgres');
