import { defineMessages } from './types.ts';

/** Early-warning alarms (issue #14 item 5): the worklist's tasks and the map's layer. */
export const alarmsWeb = defineMessages({
  vi: {
    title: 'Cảnh báo sớm ({{count}})',
    nothing: 'Không có cảnh báo nào đang mở.',
    method: {
      C1: 'EARS C1',
      C2: 'EARS C2',
      C3: 'EARS C3',
      weeklyIncidence: 'Tỷ lệ mắc 7 ngày',
    },
    ears: '{{observed}} ca báo cáo trong ngày, vượt ngưỡng {{threshold}}',
    incidence: '{{observed}} ca/100.000 dân trong 7 ngày, ngưỡng {{threshold}}',
    where: '{{commune}} · {{disease}} · {{day}}',
    note: 'Ghi chú xử lý',
    acknowledge: 'Xác nhận đã xử lý',
    acknowledged: 'Đã xác nhận cảnh báo tại {{commune}}.',
    noteTooShort: 'Ghi chú cần ít nhất 3 ký tự.',
    failed: 'Không xác nhận được cảnh báo.',
    mapLegendNone: 'Không có cảnh báo',
    mapLegendSome: 'Có cảnh báo đang mở',
    mapCount: '{{count}} cảnh báo',
    mapPanel: 'Cảnh báo đang mở',
  },
  en: {
    title: 'Early warnings ({{count}})',
    nothing: 'No open alarm.',
    method: {
      C1: 'EARS C1',
      C2: 'EARS C2',
      C3: 'EARS C3',
      weeklyIncidence: '7-day incidence',
    },
    ears: '{{observed}} cases reported that day, above the bound of {{threshold}}',
    incidence: '{{observed}} cases per 100,000 in 7 days, threshold {{threshold}}',
    where: '{{commune}} · {{disease}} · {{day}}',
    note: 'Action note',
    acknowledge: 'Acknowledge',
    acknowledged: 'Alarm at {{commune}} acknowledged.',
    noteTooShort: 'The note needs at least 3 characters.',
    failed: 'The alarm could not be acknowledged.',
    mapLegendNone: 'No alarm',
    mapLegendSome: 'Open alarm',
    mapCount: '{{count}} alarms',
    mapPanel: 'Open alarms',
  },
});
