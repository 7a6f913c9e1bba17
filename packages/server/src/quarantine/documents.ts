/**
 * Order and release documents (issue #16 item 1): a bilingual A4 PDF with a QR code whose payload
 * is the public verify URL carrying a signed code (links.ts). Verifying says whether the code is
 * genuine and whether the order still says what the paper says (not changed, not cancelled), with
 * the kind and dates only — no name, so a leaked QR tells nothing about the person.
 */
import { AppError, formatDay, translate } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons, quarantineOrders } from '../db/schema/index.ts';
import { unitName } from '../checkin/citizen-history.ts';
import { createPdf } from '../pdf/document.ts';
import { documentCode, verifyDocumentCode } from './links.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;

/** The PDF of an order (`order`: once confirmed) or of its release (`release`: once released). */
export async function orderDocument(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  publicUrl: string,
  id: string,
  document: 'order' | 'release',
): Promise<Buffer> {
  const [row] = await tx
    .select({ o: quarantineOrders, name: persons.fullName, dob: persons.dateOfBirth })
    .from(quarantineOrders)
    .innerJoin(persons, eq(persons.id, quarantineOrders.personId))
    .where(and(eq(quarantineOrders.id, id), scopeFor(access, quarantineOrders)));
  if (!row) throw new AppError('NOT_FOUND');
  const o = row.o;
  const ready =
    document === 'order' ? o.status === 'active' || o.status === 'released' : o.status === 'released';
  if (!ready) throw new AppError('CONFLICT');
  const code = await documentCode(tx, { orderId: o.id, document, start: o.startDate, end: o.endDate });
  const url = `${publicUrl}/q/verify/${code}`;
  const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, width: 480 });
  const t = (key: string) => translate('vi', `quarantine.pdf.${key}`);
  const title = t(document === 'order' ? 'orderTitle' : 'releaseTitle');
  const { doc, finish } = createPdf({ size: 'A4', margin: 48, info: { Title: title, Producer: 'EpiLink' } });
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('regular').fontSize(9).text('Độc lập - Tự do - Hạnh phúc', { align: 'center' }).moveDown();
  doc.font('bold').fontSize(15).text(title, { align: 'center' }).moveDown();
  const line = (label: string, value: string) => {
    doc.font('bold').fontSize(11).text(`${label}: `, { continued: true });
    doc.font('regular').text(value);
  };
  const kind = `${translate('vi', `quarantine.kind.${o.kind}`)} / ${translate('en', `quarantine.kind.${o.kind}`)}`;
  line(t('person'), row.name);
  line(t('born'), row.dob ? formatDay(row.dob, 'vi') : '—');
  line(t('kind'), kind);
  line(t('period'), `${formatDay(o.startDate, 'vi')} → ${formatDay(o.endDate, 'vi')}`);
  if (o.testsDue.length > 0) line(t('tests'), o.testsDue.join(', '));
  line(t('rule'), o.ruleSource ?? '—');
  const issuer = o.communeCode ?? o.districtCode ?? o.provinceCode;
  line(t('issuedBy'), (await unitName(tx, issuer)) ?? issuer);
  doc.moveDown();
  doc.image(png, (doc.page.width - 200) / 2, doc.y, { width: 200 });
  doc.y += 210;
  doc.font('regular').fontSize(9).text(t('verify'), { align: 'center' });
  doc.fontSize(9).text(t('hotlines'), { align: 'center' });
  await audit({
    action: 'export',
    entity: 'quarantine_order',
    entityId: o.id,
    personId: o.personId,
    fields: ['document'],
    details: { document },
  });
  return finish();
}

/** What the public verify route answers. */
export interface Verification {
  valid: boolean;
  document: 'order' | 'release' | null;
  kind: string | null;
  start: string | null;
  end: string | null;
  /** The order's status now (a cancelled or changed order makes the paper invalid). */
  status: string | null;
}

const INVALID: Verification = {
  valid: false,
  document: null,
  kind: null,
  start: null,
  end: null,
  status: null,
};

/** Verify a document code: genuine, and the order still says the same. */
export async function verifyDocument(tx: DbOrTx, code: string): Promise<Verification> {
  const claim = await verifyDocumentCode(tx, code);
  if (!claim) return INVALID;
  const [o] = await tx.select().from(quarantineOrders).where(eq(quarantineOrders.id, claim.orderId));
  if (!o) return INVALID;
  const same =
    o.startDate === claim.start &&
    o.endDate === claim.end &&
    o.status !== 'cancelled' &&
    o.status !== 'proposed';
  const releasedOk = claim.document === 'order' || o.status === 'released';
  return {
    valid: same && releasedOk,
    document: claim.document,
    kind: o.kind,
    start: claim.start,
    end: claim.end,
    status: o.status,
  };
}
