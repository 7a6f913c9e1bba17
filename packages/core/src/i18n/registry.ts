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
    units: {
      search: {
        label: 'Tìm xã, phường, huyện theo tên',
        hint: 'Gõ vài chữ của tên, có dấu hoặc không (ví dụ: phu khuong).',
        results: 'Đơn vị tìm thấy',
        none: 'Không có đơn vị nào có tên như vậy.',
        chosen: 'Đơn vị đã chọn',
        remove: 'Bỏ {{name}}',
        of: '{{name}}, {{parent}}',
      },
      problems: {
        noData: 'Tệp danh mục không có mảng "data".',
        badUnit: 'Một đơn vị có mã không hợp lệ: {{code}}.',
        missingColumns: 'Bảng chuyển đổi thiếu cột: {{columns}}.',
        badChangeRow: 'Dòng {{line}} của bảng chuyển đổi không hợp lệ.',
        duplicateCode: 'Mã {{code}} xuất hiện hai lần trong danh mục.',
        withoutParent: 'Đơn vị {{code}} không có đơn vị cấp trên trong danh mục.',
        changeToUnknown: 'Bảng chuyển đổi chuyển vào xã {{code}}, nhưng danh mục mới không có xã này.',
        closedWithoutChange:
          'Xã {{code}} đang có hiệu lực không còn trong danh mục mới, nhưng bảng chuyển đổi không cho biết xã nhập vào đâu.',
        reusedWithoutChange:
          'Mã {{code}} được dùng lại trong danh mục mới, nhưng bảng chuyển đổi không có dòng chuyển xã cũ {{code}} vào đó.',
        notAfterInForce:
          'Ngày hiệu lực {{date}} phải sau ngày hiệu lực của danh mục mới nhất đã nạp ({{latest}}).',
        alreadyLoaded: 'Danh mục {{dataset}} đã được nạp.',
        notGzip: 'Tệp tải lên không đọc được (cần nén gzip).',
        notACandidate: 'Xã {{code}} không phải một trong các xã nhận phần của xã cũ.',
      },
    },
    form: {
      title: 'Thêm người dân',
      intro: 'Hồ sơ mới được đối chiếu với sổ người dân trước khi lưu, để mỗi người chỉ có một hồ sơ.',
      fullName: 'Họ và tên',
      dateOfBirth: 'Ngày sinh',
      sex: 'Giới tính',
      male: 'Nam',
      female: 'Nữ',
      unknown: 'Chưa rõ',
      idNumber: 'Số CCCD / CMND / hộ chiếu',
      phone: 'Số điện thoại',
      address: 'Địa chỉ (số nhà, ấp/khu phố)',
      district: 'Huyện/thành phố',
      commune: 'Xã/phường/thị trấn',
      choose: '— Chọn —',
      submit: 'Lưu hồ sơ',
      openPerson: 'Mở hồ sơ',
      openReviews: 'Mở danh sách rà soát trùng lặp',
      outcome: {
        new: 'Đã thêm người dân mới.',
        merged: 'Người này đã có trong sổ: hồ sơ vừa nhập được gộp vào hồ sơ sẵn có.',
        review: 'Đã thêm hồ sơ; có thể trùng với một người đã có, đã đưa vào danh sách rà soát.',
      },
    },
    policy: {
      title: 'Quy định & chính sách',
      intro:
        'Mỗi quy định có nhiều phiên bản, áp dụng từ ngày hiệu lực, kèm văn bản nguồn và trạng thái đã xác minh.',
      effectiveFrom: 'Hiệu lực từ',
      disease: 'Bệnh',
      allDiseases: 'Mọi bệnh',
      value: 'Giá trị',
      valueJson: 'Giá trị (JSON)',
      source: 'Nguồn',
      document: 'Văn bản nguồn (số hiệu)',
      status: 'Trạng thái',
      inForce: 'Đang áp dụng',
      key: 'Quy định',
      verification: { confirmed: 'Đã xác minh', unverified: 'Chưa xác minh' },
      newVersion: 'Thêm phiên bản mới',
      save: 'Lưu phiên bản',
      saved: 'Đã lưu phiên bản mới.',
      badJson: 'Giá trị không phải JSON hợp lệ.',
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
    units: {
      search: {
        label: 'Find a commune, ward or district by name',
        hint: 'Type part of the name, with or without tone marks (e.g. phu khuong).',
        results: 'Units found',
        none: 'No unit has a name like this.',
        chosen: 'Units chosen',
        remove: 'Remove {{name}}',
        of: '{{name}}, {{parent}}',
      },
      problems: {
        noData: 'The list file has no "data" array.',
        badUnit: 'A unit has an invalid code: {{code}}.',
        missingColumns: 'The change table lacks the columns: {{columns}}.',
        badChangeRow: 'Line {{line}} of the change table is not valid.',
        duplicateCode: 'Code {{code}} is listed twice.',
        withoutParent: 'Unit {{code}} has no parent unit in the list.',
        changeToUnknown:
          'The change table moves units into commune {{code}}, which the new list does not have.',
        closedWithoutChange:
          'Commune {{code}}, in force now, is not in the new list and no change row says where it went.',
        reusedWithoutChange:
          'Code {{code}} is reused in the new list, but no change row moves the old commune {{code}} into it.',
        notAfterInForce:
          'The first day {{date}} must come after that of the latest list loaded ({{latest}}).',
        alreadyLoaded: 'The list {{dataset}} is already loaded.',
        notGzip: 'The uploaded file cannot be read (gzip expected).',
        notACandidate: 'Commune {{code}} is not one of the communes that received a part of the old one.',
      },
    },
    form: {
      title: 'Register a person',
      intro:
        'A new record is matched against the registry before it is saved, so that each person has one record.',
      fullName: 'Full name',
      dateOfBirth: 'Date of birth',
      sex: 'Sex',
      male: 'Male',
      female: 'Female',
      unknown: 'Unknown',
      idNumber: 'CCCD / CMND / passport number',
      phone: 'Phone number',
      address: 'Address (house number, hamlet/quarter)',
      district: 'District',
      commune: 'Commune/ward',
      choose: '— Choose —',
      submit: 'Save record',
      openPerson: 'Open the record',
      openReviews: 'Open the duplicate review list',
      outcome: {
        new: 'A new person was added.',
        merged: 'This person is already registered: the record was merged into the existing one.',
        review: 'The record was added; it may duplicate a known person and was queued for review.',
      },
    },
    policy: {
      title: 'Rules & policy',
      intro:
        'Each rule has versions, applied from their effective date, with the source document and whether it is verified.',
      effectiveFrom: 'Effective from',
      disease: 'Disease',
      allDiseases: 'All diseases',
      value: 'Value',
      valueJson: 'Value (JSON)',
      source: 'Source',
      document: 'Source document (number)',
      status: 'Status',
      inForce: 'In force',
      key: 'Rule',
      verification: { confirmed: 'Verified', unverified: 'Not verified' },
      newVersion: 'Add a new version',
      save: 'Save version',
      saved: 'The new version was saved.',
      badJson: 'The value is not valid JSON.',
    },
    idReason: {
      ID_EMPTY: 'No document number entered.',
      ID_INVALID_CHARACTERS: 'A document number has digits only (passports: letters and digits).',
      ID_WRONG_LENGTH: 'Wrong length: a CCCD has 12 digits, a CMND 9.',
      ID_UNKNOWN_PROVINCE: 'The first three digits of the CCCD are not a province code.',
    },
  },
});
