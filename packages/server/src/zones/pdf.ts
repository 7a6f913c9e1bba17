/**
 * The decision documents of a blockaded zone (issue #16 item 6): the establishment and the lifting
 * decision as one bilingual PDF each (Vietnamese, then English under every heading), naming the
 * decision number, the communes, the dates, the reason and the residents counted.
 */
import { translate } from '@epilink/core';
import { createPdf } from '../pdf/document.ts';

/** What the decision document states. */
export interface ZoneDocument {
  kind: 'establish' | 'lift';
  name: string;
  reason: string;
  decisionRef: string;
  startsOn: string;
  liftedOn: string | null;
  liftDecisionRef: string | null;
  communes: { code: string; name: string }[];
  residents: number;
}

/** Render one decision document. */
export async function zoneDecisionPdf(d: ZoneDocument): Promise<Buffer> {
  const { doc, finish } = createPdf({ size: 'A4', margin: 56, info: { Title: d.name, Producer: 'EpiLink' } });
  const both = (key: string, params?: Record<string, string | number>) => ({
    vi: translate('vi', `zones.pdf.${key}`, params),
    en: translate('en', `zones.pdf.${key}`, params),
  });
  const line = (key: string, params?: Record<string, string | number>) => {
    const t = both(key, params);
    doc.font('regular').fontSize(11).fillColor('#000').text(t.vi);
    doc.fontSize(9).fillColor('#555').text(t.en);
    doc.moveDown(0.4);
  };
  const title = both(d.kind === 'establish' ? 'titleEstablish' : 'titleLift');
  doc.font('bold').fontSize(16).fillColor('#000').text(title.vi, { align: 'center' });
  doc.font('regular').fontSize(11).fillColor('#555').text(title.en, { align: 'center' });
  doc.moveDown();
  doc.font('bold').fontSize(13).fillColor('#000').text(d.name);
  doc.moveDown(0.5);
  line('decision', { ref: d.decisionRef });
  line('startsOn', { date: d.startsOn });
  line('reason', { reason: d.reason });
  line('communes', { list: d.communes.map((c) => `${c.name} (${c.code})`).join(', ') });
  line('residents', { count: d.residents });
  if (d.kind === 'lift') {
    line('liftDecision', { ref: d.liftDecisionRef ?? '' });
    line('liftedOn', { date: d.liftedOn ?? '' });
  }
  return finish();
}
