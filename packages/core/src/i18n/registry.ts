import { defineMessages } from './types.ts';

/** Messages of the shared registry: identity-number checks and linkage. */
export const registry = defineMessages({
  vi: {
    idIssue: {
      CCCD_INVALID: 'Số CCCD không đúng cấu trúc.',
      CCCD_SEX_MISMATCH: 'Chữ số giới tính trong số CCCD không khớp giới tính trong hồ sơ: cần kiểm tra lại.',
      CCCD_CENTURY_MISMATCH:
        'Số CCCD ghi sinh từ năm {{cccdSays}} trở đi (thế kỷ khác), hồ sơ ghi thế kỷ bắt đầu năm {{recorded}}: cần kiểm tra lại.',
      CCCD_BIRTH_YEAR_MISMATCH:
        'Số CCCD ghi năm sinh {{cccdSays}}, hồ sơ ghi {{recorded}}: cần kiểm tra lại.',
    },
    idReason: {
      ID_EMPTY: 'Chưa nhập số giấy tờ.',
      ID_INVALID_CHARACTERS: 'Số giấy tờ chỉ gồm chữ số (hộ chiếu: chữ cái và chữ số).',
      ID_WRONG_LENGTH: 'Sai độ dài: CCCD có 12 chữ số, CMND có 9 chữ số.',
      ID_UNKNOWN_PROVINCE: 'Ba chữ số đầu của CCCD không phải mã tỉnh.',
    },
  },
  en: {
    idIssue: {
      CCCD_INVALID: 'The CCCD number is malformed.',
      CCCD_SEX_MISMATCH:
        'The sex digit of the CCCD number does not match the sex on the record: please check.',
      CCCD_CENTURY_MISMATCH:
        'The CCCD number says born in the century from {{cccdSays}}, the record says the century from {{recorded}}: please check.',
      CCCD_BIRTH_YEAR_MISMATCH:
        'The CCCD number says born in {{cccdSays}}, the record says {{recorded}}: please check.',
    },
    idReason: {
      ID_EMPTY: 'No document number entered.',
      ID_INVALID_CHARACTERS: 'A document number has digits only (passports: letters and digits).',
      ID_WRONG_LENGTH: 'Wrong length: a CCCD has 12 digits, a CMND 9.',
      ID_UNKNOWN_PROVINCE: 'The first three digits of the CCCD are not a province code.',
    },
  },
});
