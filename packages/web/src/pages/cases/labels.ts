/** Labels shared by the cases screens (F-degree of a node). */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainNode } from './chainModel.ts';

/** "F1", "F2 (proposed)" or "Outside the chain" for a node, in the UI language. */
export function useDegreeLabel(): (n: Pick<ChainNode, 'degree' | 'proposedDegree'>) => string {
  const { t } = useTranslation();
  return useCallback(
    (n) => {
      if (n.degree !== null) return t('casesWeb.chain.degree.f', { n: n.degree });
      if (n.proposedDegree !== null) return t('casesWeb.chain.degree.fProposed', { n: n.proposedDegree });
      return t('casesWeb.chain.degree.none');
    },
    [t],
  );
}
