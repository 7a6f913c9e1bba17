/** The cases and tracing part of the API client (typed; same `request` as the rest of the app). */
import { request } from '../../api.ts';
import type { ChainGraphData } from './chainModel.ts';

const enc = encodeURIComponent;

/** Where the chain graph comes from (the chain-render benchmark answers this path). */
export const CHAIN_PATH = '/api/cases/chain';

export const casesApi = {
  chain: (diseaseCode = 'COVID-19') =>
    request<ChainGraphData>('GET', `${CHAIN_PATH}?diseaseCode=${enc(diseaseCode)}`),
};
