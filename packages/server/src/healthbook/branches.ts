/**
 * One SELECT per module for the timeline: each branch reads a person's rows by its person index,
 * newest first, and shapes them into the common columns of `PersonRecord`. records.ts joins them
 * with UNION ALL under one keyset.
 */
import { provinceTimeZone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { JurisdictionColumns } from '../access/context.ts';
import {
  aefiReports,
  cases,
  checkins,
  contacts,
  declarations,
  issuedCertificates,
  quarantineForms,
  quarantineOrders,
  specimens,
  testRegistrations,
  testResults,
  vaccinationDoses,
} from '../db/schema/index.ts';
import type { RecordKind } from './types.ts';

/** How one module's table becomes timeline rows. */
export interface Branch {
  kind: RecordKind;
  /** The table holding the jurisdiction columns (scopeFor) of the row. */
  place: JurisdictionColumns;
  /** FROM clause with its joins. */
  from: SQL;
  person: SQL;
  id: SQL;
  at: SQL;
  enteredAt: SQL;
  source: SQL;
  enteredBy: SQL;
  ownerKind: 'facility' | 'testSite' | 'commune';
  ownerId: SQL;
  ownerName: SQL;
  detail: SQL;
  /** Rows a citizen does not see (voided, proposed, dismissed…); officials see all. */
  citizenOnly?: SQL;
}

const NONE = sql`null`;

/** A date-only column as the start of that local day (the province's time zone). */
function dayStart(column: SQL): SQL {
  return sql`(${column}::timestamp at time zone ${provinceTimeZone()})`;
}

function iso(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The branches, one per record kind (the order is irrelevant: the union is sorted). */
export function branches(): Branch[] {
  const d = declarations;
  const c = checkins;
  const r = testRegistrations;
  const s = specimens;
  const tr = testResults;
  const k = cases;
  const ct = contacts;
  const o = quarantineOrders;
  const f = quarantineForms;
  const v = vaccinationDoses;
  const cert = issuedCertificates;
  const a = aefiReports;
  return [
    {
      kind: 'declaration',
      place: d,
      from: sql`${d}`,
      person: sql`${d.personId}`,
      id: sql`${d.id}::text`,
      at: sql`${d.createdAt}`,
      enteredAt: sql`${d.createdAt}`,
      source: sql`${d.channel}`,
      enteredBy: sql`${d.submittedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('form', ${d.kind}, 'day', ${d.day}::text, 'action', ${d.action},
        'flagStatus', ${d.flagStatus}, 'paper', ${d.paper})`,
    },
    {
      kind: 'checkin',
      place: c,
      from: sql`${c} left join venues on venues.id = ${c.venueId}`,
      person: sql`${c.personId}`,
      id: sql`${c.id}::text`,
      at: sql`${c.checkedInAt}`,
      enteredAt: sql`${c.checkedInAt}`,
      source: sql`${c.method}`,
      enteredBy: sql`${c.recordedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('venue', venues.name, 'checkedOutAt', ${iso(sql`${c.checkedOutAt}`)},
        'method', ${c.method})`,
    },
    {
      kind: 'testRegistration',
      place: r,
      from: sql`${r} left join test_sites rs on rs.id = ${r.siteId}`,
      person: sql`${r.personId}`,
      id: sql`${r.id}::text`,
      at: sql`${r.createdAt}`,
      enteredAt: sql`${r.createdAt}`,
      source: sql`${r.registeredVia}`,
      enteredBy: sql`${r.createdBy}`,
      ownerKind: 'testSite',
      ownerId: sql`${r.siteId}::text`,
      ownerName: sql`rs.name`,
      detail: sql`jsonb_build_object('testType', ${r.testType}, 'reason', ${r.reason}, 'status', ${r.status})`,
    },
    {
      kind: 'specimen',
      place: s,
      from: sql`${s} left join test_sites ss on ss.id = ${s.siteId}`,
      person: sql`${s.personId}`,
      id: sql`${s.id}::text`,
      at: sql`${s.collectedAt}`,
      enteredAt: sql`${s.createdAt}`,
      source: sql`'collection'`,
      enteredBy: sql`${s.collectedBy}`,
      ownerKind: 'testSite',
      ownerId: sql`${s.siteId}::text`,
      ownerName: sql`ss.name`,
      detail: sql`jsonb_build_object('testType', ${s.testType}, 'status', ${s.status})`,
    },
    {
      kind: 'testResult',
      place: tr,
      from: sql`${tr} left join specimens rsp on rsp.id = ${tr.specimenId}
        left join test_sites ts on ts.id = rsp.site_id`,
      person: sql`${tr.personId}`,
      id: sql`${tr.id}::text`,
      at: sql`${tr.resultedAt}`,
      enteredAt: sql`${tr.createdAt}`,
      source: sql`${tr.source}`,
      enteredBy: sql`${tr.enteredBy}`,
      ownerKind: 'testSite',
      ownerId: sql`rsp.site_id::text`,
      ownerName: sql`ts.name`,
      detail: sql`jsonb_build_object('testType', ${tr.testType}, 'outcome', ${tr.outcome}, 'ct', ${tr.ct},
        'sampledAt', ${iso(sql`${tr.sampledAt}`)})`,
    },
    {
      kind: 'case',
      place: k,
      from: sql`${k}`,
      person: sql`${k.personId}`,
      id: sql`${k.id}::text`,
      at: sql`${k.createdAt}`,
      enteredAt: sql`${k.createdAt}`,
      source: sql`'surveillance'`,
      enteredBy: NONE,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('disease', ${k.diseaseCode}, 'classification', ${k.classification},
        'status', ${k.status}, 'onsetDate', ${k.onsetDate}::text, 'outcome', ${k.outcome})`,
      citizenOnly: sql`${k.classification} <> 'discarded'`,
    },
    {
      kind: 'contact',
      place: ct,
      from: sql`${ct}`,
      person: sql`${ct.personId}`,
      id: sql`${ct.id}::text`,
      at: sql`${ct.createdAt}`,
      enteredAt: sql`${ct.createdAt}`,
      source: sql`${ct.source}`,
      enteredBy: sql`${ct.decidedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('disease', ${ct.diseaseCode}, 'exposureType', ${ct.exposureType},
        'exposureDate', ${ct.exposureDate}::text, 'status', ${ct.status},
        'monitoringUntil', ${ct.monitoringUntil}::text)`,
      citizenOnly: sql`${ct.status} = 'confirmed'`,
    },
    {
      kind: 'quarantineOrder',
      place: o,
      from: sql`${o}`,
      person: sql`${o.personId}`,
      id: sql`${o.id}::text`,
      at: sql`${o.createdAt}`,
      enteredAt: sql`${o.createdAt}`,
      source: sql`${o.role}`,
      enteredBy: sql`${o.confirmedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('kind', ${o.kind}, 'role', ${o.role}, 'status', ${o.status},
        'startDate', ${o.startDate}::text, 'endDate', ${o.endDate}::text)`,
      citizenOnly: sql`${o.status} in ('active', 'released')`,
    },
    {
      kind: 'quarantineForm',
      place: f,
      from: sql`${f} join quarantine_orders fo on fo.id = ${f.orderId}`,
      person: sql`fo.person_id`,
      id: sql`${f.id}::text`,
      at: sql`${f.submittedAt}`,
      enteredAt: sql`${f.submittedAt}`,
      source: sql`${f.filledBy}`,
      enteredBy: sql`${f.workerId}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('temperatureC', ${f.temperatureC}, 'spo2', ${f.spo2},
        'symptoms', jsonb_array_length(${f.symptoms}), 'warningSigns', jsonb_array_length(${f.warningSigns}))`,
    },
    {
      kind: 'dose',
      place: v,
      from: sql`${v} left join facilities vf on vf.id = ${v.facilityId}`,
      person: sql`${v.personId}`,
      id: sql`${v.id}::text`,
      at: dayStart(sql`${v.date}`),
      enteredAt: sql`${v.createdAt}`,
      source: sql`case when ${v.sessionId} is null then 'entry' else 'session' end`,
      enteredBy: sql`${v.vaccinatorId}`,
      ownerKind: 'facility',
      ownerId: sql`${v.facilityId}::text`,
      ownerName: sql`vf.name`,
      detail: sql`jsonb_build_object('disease', ${v.disease}, 'product', ${v.productCode},
        'doseNumber', ${v.doseNumber}, 'doseKind', ${v.doseKind}, 'date', ${v.date}::text,
        'voided', ${v.voidedAt} is not null)`,
      citizenOnly: sql`${v.voidedAt} is null`,
    },
    {
      kind: 'certificate',
      place: cert,
      from: sql`${cert}`,
      person: sql`${cert.personId}`,
      id: sql`${cert.id}::text`,
      at: sql`${cert.issuedAt}`,
      enteredAt: sql`${cert.issuedAt}`,
      source: sql`${cert.type}`,
      enteredBy: sql`${cert.issuedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('type', ${cert.type}, 'issuedAt', ${iso(sql`${cert.issuedAt}`)},
        'expiresAt', ${iso(sql`${cert.expiresAt}`)}, 'revoked', ${cert.revokedAt} is not null)`,
      citizenOnly: sql`${cert.supersededBy} is null`,
    },
    {
      kind: 'aefi',
      place: a,
      from: sql`${a}`,
      person: sql`${a.personId}`,
      id: sql`${a.id}::text`,
      at: dayStart(sql`${a.onsetDate}`),
      enteredAt: sql`${a.createdAt}`,
      source: sql`'report'`,
      enteredBy: sql`${a.reportedBy}`,
      ownerKind: 'commune',
      ownerId: NONE,
      ownerName: NONE,
      detail: sql`jsonb_build_object('onsetDate', ${a.onsetDate}::text, 'severity', ${a.severity},
        'serious', ${a.serious}, 'status', ${a.status})`,
    },
  ];
}

export { iso };
