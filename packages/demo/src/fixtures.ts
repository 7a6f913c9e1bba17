/**
 * A test province shaped like Bến Tre (9 districts, 157 communes, DOMAIN.md) with made-up commune
 * names, so that tests need no file I/O. Not exported from the package.
 */
import type { DemoCommune } from './types.ts';

const DISTRICTS: readonly (readonly [string, string, number])[] = [
  ['829', 'Thành phố Bến Tre', 14],
  ['831', 'Huyện Châu Thành', 21],
  ['832', 'Huyện Chợ Lách', 11],
  ['833', 'Huyện Mỏ Cày Nam', 16],
  ['834', 'Huyện Giồng Trôm', 21],
  ['835', 'Huyện Bình Đại', 20],
  ['836', 'Huyện Ba Tri', 23],
  ['837', 'Huyện Thạnh Phú', 18],
  ['838', 'Huyện Mỏ Cày Bắc', 13],
];

const RURAL = [
  'Phú Hòa',
  'Tân Thạch',
  'An Khánh',
  'Mỹ Thạnh',
  'Vĩnh Thủy',
  'Long Hòa',
  'Bình Thới',
  'An Hiệp',
];

/** The test province's communes (codes from 28756 up, in district order). */
export function testCommunes(): DemoCommune[] {
  const out: DemoCommune[] = [];
  let code = 28756;
  for (const [districtCode, districtName, count] of DISTRICTS) {
    for (let i = 0; i < count; i++) {
      let name: string;
      if (districtCode === '829') name = i < 8 ? `Phường ${i + 1}` : `Xã ${RURAL[i - 8]!}`;
      else if (i === 0 && districtCode !== '838') name = `Thị trấn ${districtName.replace('Huyện ', '')}`;
      else name = `Xã ${RURAL[i % RURAL.length]!} ${i}`;
      out.push({ code: String(code), name, districtCode, districtName });
      code += 3;
    }
  }
  return out;
}
