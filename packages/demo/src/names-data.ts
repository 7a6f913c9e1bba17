/**
 * Vietnamese name lists for the generator (NFC). Frequencies are approximations for the
 * Mekong Delta, not census figures: the family-name shares follow the commonly cited national
 * figures with the southern shift (Huỳnh, Võ and Trương more common than in the north).
 */

/** Family names with relative weights (percent-like). */
export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 31],
  ['Trần', 11],
  ['Lê', 9],
  ['Phạm', 7],
  ['Huỳnh', 5],
  ['Võ', 4],
  ['Phan', 3.5],
  ['Trương', 2.2],
  ['Bùi', 1.6],
  ['Đặng', 1.6],
  ['Đỗ', 1.3],
  ['Ngô', 1.5],
  ['Hồ', 1.5],
  ['Dương', 1.3],
  ['Đinh', 0.8],
  ['Lâm', 1.2],
  ['Lý', 0.9],
  ['Mai', 0.8],
  ['Đoàn', 0.9],
  ['Cao', 0.7],
  ['Châu', 0.8],
  ['Tô', 0.6],
  ['Lưu', 0.5],
  ['Thái', 0.5],
  ['Hà', 0.5],
  ['Tạ', 0.4],
  ['La', 0.4],
  ['Từ', 0.4],
  ['Kiều', 0.3],
  ['Tăng', 0.3],
  ['Quách', 0.3],
  ['Lương', 0.5],
  ['Vũ', 0.6],
  ['Hoàng', 0.6],
  ['Văn', 0.2],
  ['Mạc', 0.1],
  ['Diệp', 0.2],
  ['Thạch', 0.2],
];

/** Male middle names, older generations (born before 1980). */
export const MALE_MIDDLE_OLD: readonly (readonly [string, number])[] = [
  ['Văn', 62],
  ['Hữu', 6],
  ['Minh', 5],
  ['Thanh', 5],
  ['Tấn', 4],
  ['Quốc', 3],
  ['Công', 3],
  ['Đức', 3],
  ['Hoàng', 2],
  ['Ngọc', 2],
  ['Phước', 2],
  ['Trọng', 2],
  ['Thành', 1],
];

/** Male middle names, younger generations (born 1980 or later). */
export const MALE_MIDDLE_YOUNG: readonly (readonly [string, number])[] = [
  ['Văn', 26],
  ['Minh', 12],
  ['Hoàng', 8],
  ['Quốc', 7],
  ['Gia', 6],
  ['Thanh', 6],
  ['Hữu', 5],
  ['Đức', 5],
  ['Anh', 4],
  ['Tấn', 4],
  ['Nhật', 4],
  ['Duy', 3],
  ['Công', 3],
  ['Trọng', 3],
  ['Bảo', 3],
  ['Thành', 2],
  ['Trung', 2],
];

/** Female middle names, older generations (born before 1980). */
export const FEMALE_MIDDLE_OLD: readonly (readonly [string, number])[] = [
  ['Thị', 72],
  ['Ngọc', 6],
  ['Kim', 5],
  ['Thanh', 4],
  ['Thu', 3],
  ['Hồng', 3],
  ['Mỹ', 3],
  ['Thúy', 2],
  ['Bích', 2],
];

/** Female middle names, younger generations (born 1980 or later). */
export const FEMALE_MIDDLE_YOUNG: readonly (readonly [string, number])[] = [
  ['Thị', 32],
  ['Ngọc', 12],
  ['Thanh', 6],
  ['Kim', 5],
  ['Thu', 5],
  ['Mỹ', 5],
  ['Bảo', 5],
  ['Như', 5],
  ['Khánh', 4],
  ['Phương', 4],
  ['Gia', 3],
  ['Hồng', 3],
  ['Minh', 3],
  ['Yến', 3],
  ['Diễm', 3],
  ['Thúy', 2],
];

/** Second middle names for the people who carry two ('Nguyễn Thị Ngọc Hân', 'Trần Văn Minh Tâm'). */
export const SECOND_MIDDLE_MALE: readonly string[] = ['Minh', 'Hoàng', 'Quốc', 'Thanh', 'Bảo', 'Gia', 'Anh'];
/** Second middle names for women. */
export const SECOND_MIDDLE_FEMALE: readonly string[] = ['Ngọc', 'Kim', 'Thu', 'Mỹ', 'Bảo', 'Thanh', 'Hồng', 'Như'];

/** Male given names (≥ 80); the first twenty are drawn twice as often. */
export const MALE_GIVEN: readonly string[] = [
  'Hùng', 'Dũng', 'Tuấn', 'Minh', 'Hải', 'Phúc', 'Long', 'Nam', 'Hiếu', 'Thành',
  'Tâm', 'Tài', 'Phong', 'Sơn', 'Khoa', 'Huy', 'Bình', 'Cường', 'Thắng', 'Toàn',
  'An', 'Bảo', 'Chiến', 'Công', 'Danh', 'Duy', 'Dương', 'Đạt', 'Đức', 'Định',
  'Đông', 'Giang', 'Hào', 'Hậu', 'Hòa', 'Hoàng', 'Huấn', 'Hưng', 'Kha', 'Khải',
  'Khang', 'Khánh', 'Khôi', 'Kiên', 'Kiệt', 'Lâm', 'Lộc', 'Lợi', 'Luân', 'Lực',
  'Mạnh', 'Nghĩa', 'Nguyên', 'Nhân', 'Nhựt', 'Phát', 'Phú', 'Phước', 'Phương', 'Quang',
  'Quân', 'Quốc', 'Quý', 'Sang', 'Tân', 'Thái', 'Thanh', 'Thiện', 'Thịnh', 'Thông',
  'Thuận', 'Thụy', 'Tiến', 'Tín', 'Trí', 'Triều', 'Trọng', 'Trung', 'Trường', 'Tùng',
  'Tú', 'Tường', 'Út', 'Việt', 'Vinh', 'Vĩnh', 'Vũ', 'Vương', 'Nhẫn', 'Hiển',
];

/** Female given names (≥ 80); the first twenty are drawn twice as often. */
export const FEMALE_GIVEN: readonly string[] = [
  'Lan', 'Hương', 'Hoa', 'Mai', 'Linh', 'Trang', 'Thảo', 'Ngọc', 'Nhung', 'Hằng',
  'Thủy', 'Thúy', 'Phương', 'Yến', 'Hạnh', 'Loan', 'Hiền', 'Vân', 'Nga', 'Tuyết',
  'An', 'Anh', 'Ánh', 'Bích', 'Châu', 'Chi', 'Cúc', 'Diễm', 'Diệu', 'Dung',
  'Duyên', 'Đào', 'Điệp', 'Giang', 'Hà', 'Hân', 'Hậu', 'Hòa', 'Hoài', 'Hồng',
  'Huệ', 'Huyền', 'Hường', 'Kiều', 'Kim', 'Lài', 'Lệ', 'Liên', 'Ly', 'Lụa',
  'My', 'Mỹ', 'Mơ', 'Ngân', 'Nguyệt', 'Nhàn', 'Nhi', 'Như', 'Oanh', 'Phượng',
  'Quyên', 'Quỳnh', 'Sương', 'Tâm', 'Thắm', 'Thanh', 'Thơ', 'Thu', 'Thùy', 'Thư',
  'Thương', 'Tiên', 'Trâm', 'Trinh', 'Trúc', 'Tuyền', 'Uyên', 'Vy', 'Xuân', 'Xuyến',
  'Ái', 'Ân', 'Thoa', 'Ngoan', 'Lành',
];

/** Hamlet names for rural communes ('Ấp Phú Hòa'); numbered hamlets are also used. */
export const HAMLET_NAMES: readonly string[] = [
  'Phú Hòa', 'An Thạnh', 'Tân Long', 'Bình Thới', 'Phú Lợi', 'An Hòa', 'Tân Phong', 'Mỹ Hòa',
  'Thạnh Hưng', 'Phước Hậu', 'Long Thạnh', 'Vĩnh Lợi', 'Tân Thới', 'Hòa Thuận', 'Bình Đông',
  'Bình Tây', 'An Lợi', 'Phú Thạnh', 'Thới Hòa', 'Giồng Xoài', 'Cây Da', 'Bến Đình', 'Rạch Miễu',
  'Thủy Lợi', 'Tân Quới', 'Phú Mỹ', 'Hưng Nhơn', 'Long Hòa', 'Mỹ Thuận', 'Tân Điền',
];

/** Street names for house-number addresses in wards and towns. */
export const STREET_NAMES: readonly string[] = [
  'Đồng Khởi', 'Nguyễn Đình Chiểu', 'Hùng Vương', 'Nguyễn Huệ', 'Trần Quốc Tuấn', 'Lê Lợi',
  '3 Tháng 2', 'Nguyễn Thị Định', 'Đoàn Hoàng Minh', 'Phan Ngọc Tòng', 'Nguyễn Văn Tư',
  'Lạc Long Quân', 'Võ Nguyên Giáp', 'Trương Định', 'Cách Mạng Tháng Tám', 'Nguyễn Trãi',
];

/** Given names weighted: the first twenty of each list twice as likely as the rest. */
export function givenNameWeights(names: readonly string[]): number[] {
  return names.map((_, i) => (i < 20 ? 2 : 1));
}
