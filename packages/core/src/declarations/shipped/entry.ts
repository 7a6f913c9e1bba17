/**
 * The entry declaration for arrivals (khai báo y tế nhập cảnh): passport, flight or vehicle and seat,
 * origin country, address in the province, vaccination and test evidence (a DCC QR the form scans is
 * verified by the server and its summary kept with the declaration).
 */
import type { Questionnaire } from '../questionnaire.ts';
import { translation } from '../questionnaire.ts';
import { EXPOSURE_GROUP, SYMPTOMS_GROUP, option, question } from './common.ts';

export const ENTRY_DECLARATION: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'epilink-entry',
  url: 'https://epilink.vn/fhir/Questionnaire/entry',
  version: '2021.1',
  name: 'EntryDeclaration',
  title: 'Tờ khai y tế nhập cảnh',
  _title: translation('Entry health declaration'),
  status: 'active',
  language: 'vi',
  effectivePeriod: { start: '2021-01-01' },
  item: [
    question('passport', 'group', 'Hộ chiếu', 'Passport', {
      required: true,
      item: [
        question('passport.number', 'string', 'Số hộ chiếu', 'Passport number', {
          required: true,
          maxLength: 20,
        }),
        question('passport.nationality', 'string', 'Quốc tịch', 'Nationality', {
          required: true,
          maxLength: 60,
        }),
      ],
    }),
    question('entry', 'group', 'Chuyến đi', 'Journey', {
      required: true,
      item: [
        question('entry.gate', 'choice', 'Cửa khẩu nhập cảnh', 'Point of entry', {
          required: true,
          answerOption: [
            option('airport', 'Sân bay', 'Airport'),
            option('landBorder', 'Cửa khẩu đường bộ', 'Land border'),
            option('seaport', 'Cảng biển', 'Seaport'),
          ],
        }),
        question('entry.vehicle', 'string', 'Số hiệu chuyến bay / phương tiện', 'Flight or vehicle number', {
          required: true,
          maxLength: 20,
        }),
        question('entry.seat', 'string', 'Số ghế', 'Seat', { maxLength: 10 }),
        question('entry.arrivalDate', 'date', 'Ngày nhập cảnh', 'Day of arrival', { required: true }),
        question('entry.originCountry', 'string', 'Quốc gia khởi hành', 'Country of departure', {
          required: true,
          maxLength: 60,
        }),
        question('entry.transit', 'string', 'Quốc gia quá cảnh (nếu có)', 'Transit countries (if any)', {
          maxLength: 200,
        }),
        question(
          'entry.address',
          'string',
          'Địa chỉ lưu trú tại tỉnh',
          'Address where you will stay in the province',
          {
            required: true,
            maxLength: 300,
          },
        ),
      ],
    }),
    question('evidence', 'group', 'Tiêm chủng và xét nghiệm', 'Vaccination and tests', {
      item: [
        question('evidence.vaccination', 'choice', 'Tình trạng tiêm vắc xin', 'Vaccination status', {
          required: true,
          answerOption: [
            option('full', 'Đã tiêm đủ liều', 'Fully vaccinated'),
            option('partial', 'Chưa tiêm đủ liều', 'Partly vaccinated'),
            option('recovered', 'Đã khỏi bệnh trong 6 tháng', 'Recovered within 6 months'),
            option('none', 'Chưa tiêm', 'Not vaccinated'),
          ],
        }),
        question('evidence.test', 'choice', 'Kết quả xét nghiệm trước khi nhập cảnh', 'Test before arrival', {
          required: true,
          answerOption: [
            option('pcrNegative', 'RT-PCR âm tính', 'Negative RT-PCR'),
            option('rapidNegative', 'Test nhanh kháng nguyên âm tính', 'Negative rapid antigen test'),
            option('none', 'Không xét nghiệm', 'No test'),
          ],
        }),
        question('evidence.testDate', 'date', 'Ngày lấy mẫu xét nghiệm', 'Day the test was sampled', {
          required: true,
          enableWhen: [
            {
              question: 'evidence.test',
              operator: '!=',
              answerCoding: { system: 'https://epilink.vn/fhir/CodeSystem/declaration', code: 'none' },
            },
          ],
        }),
        question(
          'evidence.dcc',
          'text',
          'Mã QR chứng nhận (EU DCC, HC1:…) nếu có',
          'Certificate QR (EU DCC, HC1:…) if any',
          {
            maxLength: 4000,
          },
        ),
      ],
    }),
    SYMPTOMS_GROUP,
    EXPOSURE_GROUP,
  ],
};
