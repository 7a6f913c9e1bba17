/** The legend of the chain graph: colours, shapes and line styles, each in words. */
import { useTranslation } from 'react-i18next';
import { NODE_COLOURS, type NodeClass } from './chainModel.ts';

const ORDER: NodeClass[] = ['f0', 'f1', 'f2', 'f3', 'proposed', 'closed'];

export function ChainLegend() {
  const { t } = useTranslation();
  return (
    <section className="chain__legend" aria-labelledby="chain-legend-title">
      <h3 id="chain-legend-title" className="small">
        {t('casesWeb.chain.legend.title')}
      </h3>
      <ul className="chain__legend-list">
        {ORDER.map((cls) => (
          <li key={cls}>
            <span
              aria-hidden="true"
              className={cls === 'proposed' ? 'swatch swatch--hollow' : 'swatch'}
              style={
                cls === 'proposed' ? { borderColor: NODE_COLOURS[cls] } : { background: NODE_COLOURS[cls] }
              }
            />
            {t(`casesWeb.chain.legend.${cls}`)}
          </li>
        ))}
        <li>
          <span aria-hidden="true" className="swatch swatch--square" />
          {t('casesWeb.chain.legend.caseShape')}
        </li>
        <li>
          <span aria-hidden="true" className="swatch swatch--circle" />
          {t('casesWeb.chain.legend.contactShape')}
        </li>
        <li>
          <span aria-hidden="true" className="line line--solid" />
          {t('casesWeb.chain.legend.confirmedEdge')}
        </li>
        <li>
          <span aria-hidden="true" className="line line--dashed" />
          {t('casesWeb.chain.legend.proposedEdge')}
        </li>
      </ul>
    </section>
  );
}
