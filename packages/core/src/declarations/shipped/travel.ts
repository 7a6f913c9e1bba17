/** The domestic travel declaration (khai báo di chuyển nội địa): from/to unit, vehicle, dates, purpose. */
import type { Questionnaire } from '../questionnaire.ts';
import { translation } from '../questionnaire.ts';
import { EXPOSURE_GROUP, SYMPTOMS_GROUP, option, question } from './common.ts';

export const TRAVEL_DECLARATION: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'epilink-travel',
  url: 'https://epilink.vn/fhir/Questionnaire/travel',
  version: '2021.1',
  name: 'DomesticTravelDeclaration',
  title: 'Khai báo di chuyển nội địa',
  _title: translation('Domestic travel declaration'),
  status: 'active',
  language: 'vi',
  effectivePeriod: { start: '2021-01-01' },
  item: [
    question('trip', 'group', 'Hành trình', 'Trip', {
      required: true,
      item: [
        question(
          'trip.fromUnit',
          'string',
          'Đi từ (mã xã/huyện/tỉnh)',
          'From (commune, district or province code)',
          {
            required: true,
            maxLength: 10,
          },
        ),
        question(
          'trip.toUnit',
          'string',
          'Đến (mã xã/huyện/tỉnh)',
          'To (commune, district or province code)',
          {
            required: true,
            maxLength: 10,
          },
        ),
        question('trip.vehicle', 'choice', 'Phương tiện', 'Vehicle', {
          required: true,
          answerOption: [
            option('car', 'Ô tô', 'Car'),
            option('motorbike', 'Xe máy', 'Motorbike'),
            option('bus', 'Xe khách', 'Coach'),
            option('train', 'Tàu hỏa', 'Train'),
            option('plane', 'Máy bay', 'Plane'),
            option('boat', 'Tàu thuyền', 'Boat'),
            option('other', 'Khác', 'Other'),
          ],
        }),
        question('trip.plate', 'string', 'Biển số / số hiệu phương tiện', 'Plate or service number', {
          maxLength: 20,
        }),
        question('trip.departDate', 'date', 'Ngày đi', 'Day of departure', { required: true }),
        question('trip.returnDate', 'date', 'Ngày về (nếu có)', 'Day of return (if any)'),
        question('trip.purpose', 'choice', 'Mục đích', 'Purpose', {
          required: true,
          answerOption: [
            option('work', 'Công việc', 'Work'),
            option('family', 'Gia đình', 'Family'),
            option('medical', 'Khám chữa bệnh', 'Medical care'),
            option('study', 'Học tập', 'Study'),
            option('other', 'Khác', 'Other'),
          ],
        }),
        question('trip.purposeOther', 'string', 'Mục đích khác', 'Other purpose', {
          required: true,
          maxLength: 200,
          enableWhen: [
            {
              question: 'trip.purpose',
              operator: '=',
              answerCoding: { system: 'https://epilink.vn/fhir/CodeSystem/declaration', code: 'other' },
            },
          ],
        }),
      ],
    }),
    SYMPTOMS_GROUP,
    EXPOSURE_GROUP,
  ],
};
