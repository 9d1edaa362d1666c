import { startEngineEarly } from './state/early-engine';

performance.mark('kpi:app-start');
startEngineEarly();
