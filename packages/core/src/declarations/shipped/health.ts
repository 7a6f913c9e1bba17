/** The domestic health declaration (khai báo y tế): symptoms, exposure, places and travel in 14 days. */
import type { Questionnaire } from '../questionnaire.ts';
import { translation } from '../questionnaire.ts';
import { EXPOSURE_GROUP, SYMPTOMS_GROUP, question } from './common.ts';

export const HEALTH_DECLARATION: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'epilink-health',
  url: 'https://epilink.vn/fhir/Questionnaire/health',
  version: '2021.1',
  name: 'HealthDeclaration',
  title: 'Tờ khai y tế',
  _title: translation('Health declaration'),
  status: 'active',
  language: 'vi',
  effectivePeriod: { start: '2021-01-01' },
  item: [
    SYMPTOMS_GROUP,
    EXPOSURE_GROUP,
    question('travel', 'group', 'Đi lại trong 14 ngày qua', 'Travel in the last 14 days', {
      item: [
        question(
          'travel.any',
          'boolean',
          'Trong 14 ngày qua, anh/chị có đi khỏi xã/phường nơi ở không?',
          'In the last 14 days, have you left the commune where you live?',
          { required: true },
        ),
        question('travel.place', 'group', 'Nơi đã đến', 'Place visited', {
          repeats: true,
          required: true,
          enableWhen: [{ question: 'travel.any', operator: '=', answerBoolean: true }],
          item: [
            question(
              'travel.unit',
              'string',
              'Xã/phường hoặc tỉnh đã đến (mã đơn vị)',
              'Commune or province visited (unit code)',
              {
                required: true,
                maxLength: 10,
              },
            ),
            question('travel.date', 'date', 'Ngày đến', 'Day of the visit'),
          ],
        }),
      ],
    }),
    question(
      'places',
      'text',
      'Những nơi công cộng đã đến (chợ, bệnh viện, nơi đông người…)',
      'Public places visited (markets, hospitals, crowds…)',
      {
        maxLength: 2000,
      },
    ),
  ],
};
