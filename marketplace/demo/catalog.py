"""Demo shops and products of Banyuasin artisans, as plain data for the demo seed.

Everything here is fictitious but plausible: the people, shops, WhatsApp numbers and NIBs are made
up; the kecamatan are the real districts of Kabupaten Banyuasin. Enum fields use the enum values
of `marketplace.products.models` as plain strings. `pattern` and `palette` say how
`marketplace.demo.images` draws the product's pictures (palette order: ground, motif, second motif
colour, accent).
"""

# ---------------------------------------------------------------- palettes (read only)

# Natural dyes: the colour depends on the fixer too (tawas lighter, kapur redder, tunjung darker).
_PEDADA = ("#7a3b1d", "#ecdcc0", "#a65a2e", "#3b1f10")
_PEDADA_TUNJUNG = ("#4e3426", "#e6d5b8", "#7d5a44", "#241810")
_PEDADA_TAWAS = ("#a4623a", "#f3e6cf", "#c98b5e", "#4d2612")
_TINGI = ("#6b2e1f", "#efdfc6", "#9c4a2f", "#2f150d")
_SOGA = ("#8b5a2b", "#f2e3c6", "#5c3a1a", "#2e1d0e")
_INDIGO = ("#1f3a5f", "#e9e3d3", "#4a6fa5", "#0f1d2e")
_SECANG = ("#8e2a3a", "#f3e1d6", "#c0606a", "#3d1018")
_JELAWE = ("#8a7a32", "#f1ead0", "#b3a35a", "#3b3412")
_MAHONI = ("#5a2e1b", "#ead7bf", "#8a4b2c", "#26130b")
# Synthetic dyes: brighter and more even.
_NAPTOL_MERAH = ("#b3122e", "#f7e6c4", "#f2a900", "#3d0610")
_NAPTOL_BIRU = ("#183d6b", "#f1ead6", "#d4a017", "#0a1a30")
_REMAZOL_FUCHSIA = ("#c2185b", "#fde7f0", "#ff9800", "#4a0a26")
_REMAZOL_HIJAU = ("#0b7a5c", "#eefaf2", "#f5c400", "#05382a")
_REMAZOL_JINGGA = ("#e0601b", "#fff1dc", "#7a1f5c", "#3a1206")
_REMAZOL_UNGU = ("#5b1a6e", "#f6ecfa", "#e9a400", "#250a2e")
_REMAZOL_SONGKET = ("#7a0f1f", "#f2d27a", "#b8862b", "#2a0509")
_INDIGOSOL_BIRU = ("#2c5fb3", "#eaf1fb", "#8fb8e8", "#102548")
_INDIGOSOL_MERAH_MUDA = ("#d9718f", "#fbeef2", "#7c9ed9", "#4a1a2a")


def _v(sku: str, name: str, price: int, stock: int) -> dict:
    """One variant; price in whole rupiah, stock = units on hand."""
    return {"sku": sku, "name": name, "price": price, "stock": stock}


# ---------------------------------------------------------------- shops

DEMO_SHOPS = [
    {
        "owner_email": "nurhayati@demo.pasarbatik.id",
        "owner_name": "Nurhayati",
        "name": "Batik Pedada Nurhayati",
        "story": (
            "Saya Nurhayati, lahir dan besar di Sungsang, kampung nelayan di muara Sungai Musi. Sejak "
            "kecil saya melihat hutan pedada di sepanjang pantai Banyuasin, tetapi baru pada Februari "
            "2024 saya tahu bahwa kulit kayu dan buahnya bisa mewarnai kain, ketika Dekranasda "
            "Banyuasin mengirim kami ke Pelatihan Batik Banyuasin x Jumputan di Palembang.\n\n"
            "Sepulang pelatihan saya mengajak tiga tetangga membatik di teras rumah panggung kami. "
            "Kulit pedada kami ambil dari ranting dan batang yang sudah tumbang, bukan dari pohon yang "
            "masih hidup, lalu direbus sampai airnya merah kecokelatan.\n\n"
            "Setiap kain kami canting dengan tangan dan celup berulang kali, jadi warnanya tidak pernah "
            "persis sama. Bagi kami itu tanda bahwa kain ini dibuat oleh orang, bukan oleh mesin."
        ),
        "kecamatan": "Banyuasin II",
        "village": "Sungsang",
        "whatsapp": "0812-7364-2918",
        "nib": "9120104372815",
        "in_cohort": True,
        "curator_publish_consent": True,
        "state": "verified",
    },
    {
        "owner_email": "marlina@demo.pasarbatik.id",
        "owner_name": "Marlina Sari",
        "name": "Jumputan Marlina",
        "story": (
            "Marlina Sari belajar mengikat kain dari neneknya di Kampung Tuan Kentang, Palembang, "
            "tempat banyak keluarga membuat jumputan secara turun-temurun. Waktu kecil tugasnya "
            "menggulung benang dan melepas ikatan setelah kain selesai dicelup.\n\n"
            "Setelah menikah ia pindah ke Pangkalan Balai dan sempat berhenti membuat kain. Pelatihan "
            "Dekranasda Banyuasin tahun 2024 membuatnya kembali: di sana ia belajar menakar pewarna "
            "remazol dengan tepat, mencoba pewarna alami, dan menghitung harga pokok setiap lembar.\n\n"
            "Kini Marlina bekerja bersama dua anak perempuannya. Semua ikatan masih dibuat dengan "
            "tangan, satu per satu."
        ),
        "kecamatan": "Banyuasin III",
        "village": "Pangkalan Balai",
        "whatsapp": "0852-6781-3409",
        "nib": "9120207815364",
        "in_cohort": True,
        "curator_publish_consent": True,
        "state": "verified",
        "allows_cod": True,  # she delivers around Pangkalan Balai herself
    },
    {
        "owner_email": "yuliani@demo.pasarbatik.id",
        "owner_name": "Yuliani",
        "name": "Batik Tanjung Yuliani",
        "story": (
            "Yuliani membuka usaha jahit di Mariana sejak 2015. Banyak pelanggannya meminta kain batik "
            "untuk seragam sekolah dan kantor desa, dan dari situlah ia ingin membuat kainnya sendiri.\n\n"
            "Di Pelatihan Batik Banyuasin x Jumputan tahun 2024 ia belajar membatik dengan cap tembaga. "
            "Motif andalannya bunga tanjung, bunga harum yang dalam adat Palembang berarti ucapan "
            "selamat datang. Ia juga menjual kain motif batik cetak untuk seragam yang murah, dan selalu "
            "menulis dengan jelas bahwa kain itu hasil print, bukan batik."
        ),
        "kecamatan": "Banyuasin I",
        "village": "Mariana",
        "whatsapp": "0813-6629-4471",
        "nib": "9120306648219",
        "in_cohort": True,
        "curator_publish_consent": False,
        "state": "verified",
    },
    {
        "owner_email": "fatimah@demo.pasarbatik.id",
        "owner_name": "Fatimah Zahra",
        "name": "Rumah Batik Fatimah",
        "story": (
            "Saya guru keterampilan di sebuah SMP di Betung. Batik awalnya hanya bahan ajar, sampai "
            "pelatihan Dekranasda Banyuasin di Palembang tahun 2024 memperkenalkan saya pada pewarna "
            "alam: indigo, soga, secang, jelawe, dan kulit kayu mahoni.\n\n"
            "Sekarang setiap Sabtu dan Minggu rumah kami penuh dengan panci rebusan kulit kayu dan ember "
            "celupan. Saya mengerjakan batik tulis halus, termasuk di atas sutra, dan sebagian besar "
            "dibuat sesuai pesanan karena satu kain bisa dicelup belasan kali.\n\n"
            "Sebagian hasil penjualan kami sisihkan untuk membeli canting dan malam bagi murid-murid "
            "yang ingin belajar."
        ),
        "kecamatan": "Betung",
        "village": "Betung",
        "whatsapp": "0821-7750-8236",
        "nib": "9120401983657",
        "in_cohort": True,
        "curator_publish_consent": True,
        "state": "verified",
    },
    {
        "owner_email": "rohani@demo.pasarbatik.id",
        "owner_name": "Rohani",
        "name": "Jumputan Sembawa",
        "story": (
            "Rohani dan suaminya menyadap karet di Sembawa. Ketika harga getah turun, ia mencari "
            "penghasilan tambahan dan ikut Pelatihan Batik Banyuasin x Jumputan pada Februari 2024.\n\n"
            "Ia memilih jumputan karena bisa dikerjakan di sela pekerjaan kebun: mengikat kain pada sore "
            "hari, mencelup pada pagi hari. Pewarnanya sebagian alami, dari secang, indigo, tingi, dan "
            "jelawe, sebagian sintetis untuk warna-warna cerah yang disukai pembeli muda.\n\n"
            "Motif daun karet adalah ciptaannya sendiri, untuk kebun-kebun yang menghidupi keluarganya."
        ),
        "kecamatan": "Sembawa",
        "village": "Sembawa",
        "whatsapp": "0878-9613-2054",
        "nib": "9120502461738",
        "in_cohort": True,
        "curator_publish_consent": True,
        "state": "verified",
    },
    {
        "owner_email": "sriwahyuni@demo.pasarbatik.id",
        "owner_name": "Sri Wahyuni",
        "name": "Batik Nipah Muara Telang",
        "story": (
            "Orang tua saya datang ke Telang sebagai transmigran dari Klaten pada tahun 1980-an. Ibu "
            "masih ingat cara membatik dari kampungnya, tetapi di lahan pasang surut tidak ada yang "
            "membeli batik, jadi canting itu lama tersimpan di lemari.\n\n"
            "Pelatihan Dekranasda Banyuasin tahun 2024 membuat saya mengambil canting itu lagi. Kami "
            "membuat motif dari apa yang kami lihat setiap hari: daun nipah di tepi parit, padi, dan "
            "saluran-saluran air yang membelah sawah Telang.\n\n"
            "Kami bekerja berlima, kebanyakan dengan cap tembaga dan pewarna sintetis supaya harga tetap "
            "terjangkau, dan sebagian dengan canting untuk kain kombinasi."
        ),
        "kecamatan": "Muara Telang",
        "village": "Telang Jaya",
        "whatsapp": "0857-6044-1829",
        "nib": "9120603375192",
        "in_cohort": True,
        "curator_publish_consent": False,
        "state": "verified",
    },
    {
        "owner_email": "herlina@demo.pasarbatik.id",
        "owner_name": "Herlina",
        "name": "Batik Musi Rambutan",
        "story": (
            "Herlina belajar membatik secara otodidak dari video dan dari seorang perajin di Palembang "
            "tempat ia dulu bekerja sebagai penjaga toko kain. Tahun 2022 ia membuka bengkel kecil di "
            "rumahnya di Rambutan.\n\n"
            "Sungai Musi, ikan belida, dan perahu kajang menjadi tema utamanya. Ia memakai pewarna naptol "
            "dan indigosol, dan juga menjual kain motif batik cetak (print) yang ia tandai dengan jelas "
            "sebagai kain cetak, bukan batik."
        ),
        "kecamatan": "Rambutan",
        "village": "Rambutan",
        "whatsapp": "0822-8146-5530",
        "nib": "9120705128463",
        "in_cohort": False,
        "curator_publish_consent": True,
        "state": "verified",
    },
    {
        "owner_email": "anisuryani@demo.pasarbatik.id",
        "owner_name": "Ani Suryani",
        "name": "Jumputan Kembang Sukajadi",
        "story": (
            "Ani Suryani tinggal di Sukajadi, di perbatasan Banyuasin dan Palembang. Ibunya penjahit "
            "kebaya, dan sejak remaja Ani sudah membantu mengikat kain jumputan pesanan untuk pengantin.\n\n"
            "Ia senang warna-warna terang: ungu, merah hati, dan pelangi. Selain jumputan, ia mulai "
            "mencoba batik cap dan kain kombinasi dengan motif kembang janggut."
        ),
        "kecamatan": "Talang Kelapa",
        "village": "Sukajadi",
        "whatsapp": "0896-3372-6015",
        "nib": None,
        "in_cohort": False,
        "curator_publish_consent": False,
        "state": "verified",
    },
    {
        "owner_email": "sitirohmah@demo.pasarbatik.id",
        "owner_name": "Siti Rohmah",
        "name": "Batik Perahu Kajang",
        "story": (
            "Siti Rohmah baru mulai membatik tahun ini bersama kelompok PKK desanya di Makarti Jaya. "
            "Mereka belajar dari peserta pelatihan Dekranasda yang pulang ke kampung dan berbagi ilmu.\n\n"
            "Motif pertama mereka adalah perahu kajang, perahu beratap anyaman nipah yang dulu menjadi "
            "kendaraan utama di sungai-sungai Banyuasin."
        ),
        "kecamatan": "Makarti Jaya",
        "village": "Makarti Jaya",
        "whatsapp": "0811-7820-4493",
        "nib": None,
        "in_cohort": False,
        "curator_publish_consent": False,
        "state": "pending",
    },
]


# ---------------------------------------------------------------- products

_PERAWATAN_ALAMI = (
    "Cuci dengan tangan memakai sabun lerak atau sampo bayi, jangan diperas, dan jemur terbalik di "
    "tempat teduh."
)
_PERAWATAN_SUTRA = (
    "Cuci tangan dengan air dingin atau cuci kering, "
    "dan setrika dari sisi dalam dengan suhu rendah."
)
_PERAWATAN_SINTETIS = "Boleh dicuci dengan mesin pada putaran lembut; jangan dijemur di bawah matahari terik."

DEMO_PRODUCTS = [
    # ------------------------------------------------ Batik Pedada Nurhayati (BPN), Sungsang
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Pedada Sungsang, Pewarna Alami Mangrove",
        "description": (
            "Kain batik tulis dengan motif daun dan buah pedada, dicanting tangan di Sungsang. Warnanya "
            "berasal dari rebusan kulit kayu pedada yang dicelup sampai sepuluh kali lalu dikunci dengan "
            "kapur, sehingga muncul cokelat kemerahan yang hangat. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_primissima",
        "motif_name": "Pedada",
        "motif_meaning": (
            "Daun dan buah pedada melambangkan hutan bakau yang menjaga pantai Sungsang dari abrasi dan "
            "menjadi tempat ikan dan udang bertelur."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [
            _v("BPN-PED-200", "Kain 2 m", 1_250_000, 4),
            _v("BPN-PED-250", "Kain 2,5 m", 1_450_000, 2),
        ],
        "pattern": "pedada", "palette": list(_PEDADA),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Selendang Batik Tulis Buah Pedada",
        "description": (
            "Selendang semi sutra bermotif buah pedada dengan kelopak yang mekar seperti bintang. "
            "Setelah dicelup rebusan pedada, warnanya dikunci dengan tunjung sehingga menjadi cokelat tua "
            "keabu-abuan. " + _PERAWATAN_SUTRA
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "semi_sutra",
        "motif_name": "Buah Pedada",
        "motif_meaning": (
            "Buah pedada yang asam diolah warga pesisir menjadi sirup dan dodol; motif ini melambangkan "
            "rezeki yang datang dari hutan bakau."
        ),
        "length_cm": 180, "width_cm": 50, "weight_grams": 130,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPN-BPD-SLD", "Selendang", 850_000, 5)],
        "pattern": "pedada", "palette": list(_PEDADA_TUNJUNG),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Sutra Kembang Janggut, Pewarna Pedada (Pesanan)",
        "description": (
            "Kain sutra yang dicanting halus dengan motif kembang janggut dan diwarnai rebusan pedada. "
            "Karena sutra menyerap warna perlahan, kain ini dibuat setelah dipesan dan memerlukan sekitar "
            "tiga minggu. " + _PERAWATAN_SUTRA
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "sutra",
        "motif_name": "Kembang Janggut",
        "motif_meaning": (
            "Kembang janggut adalah bunga dengan untaian yang menjuntai seperti janggut; dalam ragam hias "
            "Palembang ia melambangkan kesabaran dan umur panjang."
        ),
        "length_cm": 200, "width_cm": 110, "weight_grams": 280,
        "made_to_order": True, "production_days": 21, "status": "active",
        "variants": [_v("BPN-KJG-SUT", "Kain Sutra 2 m", 4_750_000, 2)],
        "pattern": "ceplok", "palette": list(_PEDADA),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Ikan Belida, Warna Tingi",
        "description": (
            "Ikan belida berenang di antara gelombang Sungai Musi, dicanting di atas katun primissima. "
            "Warna merah bata berasal dari kulit kayu tingi, tumbuhan bakau yang juga tumbuh di pesisir "
            "Banyuasin. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "tingi",
        "fabric": "katun_primissima",
        "motif_name": "Ikan Belida",
        "motif_meaning": (
            "Belida adalah ikan khas Sungai Musi yang kini langka dan menjadi bahan pempek terbaik; motif "
            "ini mengingatkan kita untuk menjaga sungai."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 310,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPN-BLD-200", "Kain 2 m", 1_150_000, 0)],
        "pattern": "sungai", "palette": list(_TINGI),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kemeja Pria Batik Tulis Daun Nipah, Pewarna Pedada",
        "description": (
            "Kemeja lengan pendek dari katun prima yang dibatik tulis sebelum dijahit, sehingga motif daun "
            "nipah tersambung rapi di bagian depan. Pewarnanya rebusan kulit pedada dengan fiksasi kapur. "
            "Warna alami akan sedikit memudar dengan indah setelah beberapa kali dicuci."
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_prima",
        "motif_name": "Daun Nipah",
        "motif_meaning": (
            "Daun nipah dianyam menjadi atap kajang dan dinding rumah di pesisir; motif ini berarti "
            "perlindungan dan rumah yang hangat."
        ),
        "length_cm": None, "width_cm": None, "weight_grams": 260,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [
            _v("BPN-NPH-M", "Kemeja M", 950_000, 2),
            _v("BPN-NPH-L", "Kemeja L", 950_000, 3),
            _v("BPN-NPH-XL", "Kemeja XL", 1_000_000, 1),
        ],
        "pattern": "parang", "palette": list(_PEDADA),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Kerang Muara, Pedada Tawas",
        "description": (
            "Motif kerang yang tersusun seperti kawung, dicanting di atas katun dobby yang bertekstur "
            "halus. Rebusan pedada dikunci dengan tawas sehingga warnanya lebih muda, cokelat seperti "
            "kayu manis. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_dobby",
        "motif_name": "Kerang",
        "motif_meaning": (
            "Mencari kerang di muara adalah nafkah banyak perempuan Sungsang; motif ini menghormati kerja "
            "mereka."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 330,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPN-KRG-200", "Kain 2 m", 975_000, 3)],
        "pattern": "kawung", "palette": list(_PEDADA_TAWAS),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Selendang Batik Tulis Pedada Biru Indigo",
        "description": (
            "Selendang semi sutra dengan motif pedada berwarna biru dari indigo alami. Kain dicelup "
            "berkali-kali dalam bak indigo dan dianginkan di antara celupan supaya birunya dalam dan "
            "merata. " + _PERAWATAN_SUTRA
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "semi_sutra",
        "motif_name": "Pedada",
        "motif_meaning": "Hutan pedada di bawah langit pesisir, tanda laut dan bakau yang saling menjaga.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 120,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPN-PDB-SLD", "Selendang", 900_000, 1)],
        "pattern": "pedada", "palette": list(_INDIGO),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Perahu Kajang Sungsang",
        "description": (
            "Perahu kajang dan ikan-ikan kecil di muara Sungsang, dicanting dengan garis yang rapat. "
            "Pewarnanya pedada dengan fiksasi kapur. Foto dan harga masih kami siapkan."
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_primissima",
        "motif_name": "Perahu Kajang",
        "motif_meaning": (
            "Perahu beratap kajang dari anyaman daun nipah dulu menjadi rumah terapung bagi keluarga yang "
            "berdagang di Sungai Musi."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "draft",
        "variants": [_v("BPN-PKJ-200", "Kain 2 m", 1_300_000, 1)],
        "pattern": "sungai", "palette": list(_PEDADA),
    },
    {
        "shop": "Batik Pedada Nurhayati",
        "title": "Kain Batik Tulis Pedada Angkatan Pertama 2024",
        "description": (
            "Salah satu kain pertama yang kami buat sepulang pelatihan Dekranasda tahun 2024. Cantingnya "
            "masih belum rapi dan warnanya belang, tetapi kain ini sangat berarti bagi kami. Sudah terjual "
            "dan tidak dibuat lagi."
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_primissima",
        "motif_name": "Pedada",
        "motif_meaning": "Awal perjalanan kelompok batik Sungsang.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "archived",
        "variants": [_v("BPN-PED1-200", "Kain 2 m", 800_000, 0)],
        "pattern": "pedada", "palette": list(_PEDADA_TAWAS),
    },
    # ------------------------------------------------ Jumputan Marlina (JML), Pangkalan Balai
    {
        "shop": "Jumputan Marlina",
        "title": "Kain Jumputan Pelangi Sutra Palembang",
        "description": (
            "Kain sutra jumputan dengan gradasi merah muda dan jingga khas Palembang. Ratusan titik diikat "
            "dengan benang satu per satu, lalu kain dicelup bertahap dari warna paling muda. "
            + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "sutra",
        "motif_name": "Jumputan Pelangi",
        "motif_meaning": (
            "Warna-warni pelangi melambangkan kegembiraan; kain seperti ini biasa dipakai pada acara "
            "syukuran dan pernikahan."
        ),
        "length_cm": 200, "width_cm": 110, "weight_grams": 260,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-PLG-SUT", "Kain Sutra 2 m", 575_000, 3)],
        "pattern": "jumputan", "palette": list(_REMAZOL_FUCHSIA),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Kain Jumputan Kembang Tabur Hijau, Katun",
        "description": (
            "Kuntum-kuntum kecil bertebaran di atas dasar hijau daun. Katun prima yang adem ini cocok "
            "dijahit menjadi baju kurung atau gamis. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik yang disebar untuk semua orang.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-KTB-200", "Kain 2 m", 225_000, 8), _v("JML-KTB-250", "Kain 2,5 m", 265_000, 5)],
        "pattern": "jumputan", "palette": list(_REMAZOL_HIJAU),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Selendang Jumputan Bintik Tujuh, Semi Sutra",
        "description": (
            "Selendang ringan dengan motif bintik tujuh: enam titik mengelilingi satu titik di tengah. "
            "Warnanya jingga terang dengan aksen ungu tua. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "semi_sutra",
        "motif_name": "Bintik Tujuh",
        "motif_meaning": (
            "Tujuh titik dalam satu kuntum adalah motif jumputan Palembang yang tua; angka tujuh dianggap "
            "membawa berkah."
        ),
        "length_cm": 180, "width_cm": 50, "weight_grams": 110,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-BT7-SLD", "Selendang", 185_000, 10)],
        "pattern": "jumputan", "palette": list(_REMAZOL_JINGGA),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Kain Jumputan Sutra Kembang Janggut Ungu (Pesanan)",
        "description": (
            "Kain sutra ungu dengan motif kembang janggut yang diikat sangat rapat. Karena ikatannya banyak, "
            "kain ini dibuat setelah dipesan dan selesai dalam dua minggu. Warna bisa disesuaikan; "
            "hubungi kami lewat WhatsApp."
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "sutra",
        "motif_name": "Kembang Janggut",
        "motif_meaning": "Bunga dengan untaian menjuntai, lambang kesabaran dan umur panjang.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 260,
        "made_to_order": True, "production_days": 14, "status": "active",
        "variants": [_v("JML-KJS-SUT", "Kain Sutra 2 m", 600_000, 3)],
        "pattern": "jumputan", "palette": list(_REMAZOL_UNGU),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Kain Jumputan Indigo Alam Bintik Lima",
        "description": (
            "Jumputan biru dari indigo alami yang kami pelajari di pelatihan Dekranasda. Setiap celupan "
            "dibiarkan teroksidasi di udara sampai hijau berubah menjadi biru. " + _PERAWATAN_ALAMI
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "katun_primissima",
        "motif_name": "Bintik Lima",
        "motif_meaning": "Lima titik yang berkumpul melambangkan keluarga yang rukun.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-IND-200", "Kain 2 m", 450_000, 2)],
        "pattern": "jumputan", "palette": list(_INDIGO),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Kerudung Jumputan Rayon Bintik Lima",
        "description": (
            "Kerudung segi empat dari rayon yang jatuh dan adem dipakai sehari-hari. Motif bintik lima "
            "berwarna merah muda lembut. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "rayon",
        "motif_name": "Bintik Lima",
        "motif_meaning": "Lima titik yang berkumpul melambangkan keluarga yang rukun.",
        "length_cm": 115, "width_cm": 115, "weight_grams": 100,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-BL5-KRD", "Kerudung", 150_000, 12)],
        "pattern": "jumputan", "palette": list(_INDIGOSOL_MERAH_MUDA),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Kain Jumputan Tritik Garis Musi",
        "description": (
            "Garis-garis berombak dibuat dengan teknik tritik: kain dijahit jelujur lalu benangnya ditarik "
            "rapat sebelum dicelup naptol merah. Hasilnya garis putus-putus seperti riak sungai. "
            + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_dobby",
        "motif_name": "Sungai Musi",
        "motif_meaning": (
            "Riak Sungai Musi yang mengalir dari hulu "
            "ke Banyuasin dan bermuara di Selat Bangka."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-TRT-200", "Kain 2 m", 275_000, 0)],
        "pattern": "jumputan", "palette": list(_NAPTOL_MERAH),
    },
    {
        "shop": "Jumputan Marlina",
        "title": "Setelan Kain dan Selendang Jumputan Kembang Tabur Emas",
        "description": (
            "Kain dan selendang semi sutra dengan warna yang sama, untuk acara lamaran atau pengantin. "
            "Keduanya diikat dan dicelup bersama supaya warnanya serasi. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "semi_sutra",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik bagi kedua mempelai.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 250,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JML-PGT-KN", "Kain 2 m", 450_000, 2), _v("JML-PGT-SLD", "Selendang", 200_000, 2)],
        "pattern": "jumputan", "palette": list(_REMAZOL_SONGKET),
    },
    # ------------------------------------------------ Batik Tanjung Yuliani (BTY), Mariana
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Batik Cap Bunga Tanjung Merah",
        "description": (
            "Batik cap dengan motif bunga tanjung yang tersusun rapi, diwarnai naptol merah dan kuning. "
            "Cap tembaga membuat motifnya berulang sama persis, cocok untuk seragam keluarga. "
            + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_prima",
        "motif_name": "Bunga Tanjung",
        "motif_meaning": (
            "Bunga tanjung yang harum dalam adat Palembang berarti ucapan selamat datang dan keramahan "
            "kepada tamu."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BTY-BTJ-200", "Kain 2 m", 285_000, 9), _v("BTY-BTJ-250", "Kain 2,5 m", 335_000, 6)],
        "pattern": "ceplok", "palette": list(_NAPTOL_MERAH),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Batik Cap Lepus Pucuk Rebung",
        "description": (
            "Terinspirasi songket lepus, kain ini dicap dengan warna merah marun dan kuning keemasan, "
            "lengkap dengan deretan pucuk rebung di kedua ujungnya. Bukan songket, melainkan batik cap di "
            "atas katun. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Songket Lepus",
        "motif_meaning": (
            "Songket lepus adalah songket yang benang emasnya menutupi hampir seluruh kain; pucuk rebung di "
            "tepinya melambangkan harapan untuk terus tumbuh."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BTY-LPS-200", "Kain 2 m", 315_000, 4)],
        "pattern": "tumpal", "palette": list(_REMAZOL_SONGKET),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kemeja Batik Cap Limar Biru",
        "description": (
            "Kemeja pria lengan pendek dari katun prima, batik cap dengan pewarna indigosol biru. Dijahit "
            "sendiri oleh Yuliani dengan kerah dan kancing yang rapi. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "katun_prima",
        "motif_name": "Limar",
        "motif_meaning": (
            "Limar adalah tenun Palembang dengan bercak warna seperti tetesan air; di sini ditiru sebagai "
            "garis-garis miring yang berulang."
        ),
        "length_cm": None, "width_cm": None, "weight_grams": 230,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [
            _v("BTY-LMR-M", "Kemeja M", 235_000, 6),
            _v("BTY-LMR-L", "Kemeja L", 235_000, 5),
            _v("BTY-LMR-XL", "Kemeja XL", 250_000, 2),
        ],
        "pattern": "parang", "palette": list(_INDIGOSOL_BIRU),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Motif Batik Cetak Bunga Tanjung (Print, Bukan Batik)",
        "description": (
            "Ini kain tekstil bermotif batik yang dicetak (print) dengan mesin, bukan batik tulis atau cap: "
            "tidak ada proses malam dan canting. Kami menjualnya untuk kebutuhan seragam yang murah dan "
            "cepat. " + _PERAWATAN_SINTETIS
        ),
        "technique": "tekstil_motif_batik", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "rayon",
        "motif_name": "Bunga Tanjung",
        "motif_meaning": "Bunga tanjung berarti ucapan selamat datang dalam adat Palembang.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 250,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BTY-PRT-TJG", "Kain 2 m", 85_000, 12)],
        "pattern": "ceplok", "palette": list(_REMAZOL_JINGGA),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Motif Batik Cetak Kawung untuk Seragam (Print)",
        "description": (
            "Kain katun bermotif kawung hasil cetak pabrik (print), bukan batik. Warnanya rata di kedua "
            "sisi kain dan tidak ada retakan malam. Pesanan seragam dalam jumlah banyak bisa dibicarakan "
            "lewat WhatsApp."
        ),
        "technique": "tekstil_motif_batik", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Kawung",
        "motif_meaning": "Empat bulatan buah aren yang tersusun rapi, lambang keteraturan dan kejujuran.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 270,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BTY-PRT-KWG", "Kain 2 m", 95_000, 12)],
        "pattern": "kawung", "palette": list(_NAPTOL_BIRU),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Batik Cap Ikan Belida Hijau",
        "description": (
            "Batik cap dengan ikan belida dan gelombang sungai di atas dasar hijau. Cap belida ini baru "
            "kami pesan dari perajin cap tembaga; warna masih kami uji."
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Ikan Belida",
        "motif_meaning": "Ikan khas Sungai Musi yang kini langka; pengingat untuk menjaga sungai.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "draft",
        "variants": [_v("BTY-BLD-200", "Kain 2 m", 265_000, 7)],
        "pattern": "sungai", "palette": list(_REMAZOL_HIJAU),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Kain Batik Kombinasi Bunga Tanjung dan Kembang Janggut",
        "description": (
            "Bunga tanjung dibuat dengan cap, lalu kembang janggut di sela-selanya dicanting dengan tangan. "
            "Perpaduan keduanya membuat kain lebih hidup daripada batik cap biasa. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_kombinasi", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_primissima",
        "motif_name": "Bunga Tanjung",
        "motif_meaning": "Keramahan kepada tamu (tanjung) dan doa umur panjang (kembang janggut).",
        "length_cm": 200, "width_cm": 115, "weight_grams": 310,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BTY-KMB-200", "Kain 2 m", 525_000, 2)],
        "pattern": "ceplok", "palette": list(_NAPTOL_MERAH),
    },
    {
        "shop": "Batik Tanjung Yuliani",
        "title": "Selendang Batik Cap Bunga Tanjung Kuning",
        "description": (
            "Selendang semi sutra kuning dengan bunga tanjung putih. Produksi dihentikan karena kain semi "
            "sutra yang kami pakai tidak lagi tersedia."
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "semi_sutra",
        "motif_name": "Bunga Tanjung",
        "motif_meaning": "Bunga tanjung berarti ucapan selamat datang dalam adat Palembang.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 120,
        "made_to_order": False, "production_days": None, "status": "archived",
        "variants": [_v("BTY-SLD-TJG", "Selendang", 210_000, 0)],
        "pattern": "ceplok", "palette": ["#f2b705", "#fff8e1", "#e4572e"],
    },
    # ------------------------------------------------ Rumah Batik Fatimah (RBF), Betung
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Tulis Sutra Indigo Sungai Musi (Pesanan)",
        "description": (
            "Kain sutra yang dicanting halus dengan gelombang Sungai Musi, perahu, dan ikan, lalu dicelup "
            "indigo alami lebih dari lima belas kali. Dibuat khusus setelah dipesan, kira-kira satu bulan. "
            + _PERAWATAN_SUTRA
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "sutra",
        "motif_name": "Sungai Musi",
        "motif_meaning": (
            "Sungai Musi adalah jalan hidup orang Sumatera Selatan, dari hulu sampai muara di Banyuasin; "
            "gelombangnya melambangkan rezeki yang terus mengalir."
        ),
        "length_cm": 200, "width_cm": 110, "weight_grams": 270,
        "made_to_order": True, "production_days": 30, "status": "active",
        "variants": [_v("RBF-SMI-SUT", "Kain Sutra 2 m", 5_800_000, 1)],
        "pattern": "sungai", "palette": list(_INDIGO),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Tulis Soga Kawung Kerang",
        "description": (
            "Motif kerang yang disusun seperti kawung, dicanting dengan isen-isen titik yang rapat. Warna "
            "cokelat soga didapat dari campuran kulit kayu yang direbus dan dicelup berulang. "
            + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "soga",
        "fabric": "katun_primissima",
        "motif_name": "Kerang",
        "motif_meaning": "Kerang yang tertutup rapat melambangkan hati yang menjaga rahasia dan kepercayaan.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-KWG-200", "Kain 2 m", 1_650_000, 3)],
        "pattern": "kawung", "palette": list(_SOGA),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Tulis Secang Burung Hong",
        "description": (
            "Burung hong dengan ekor panjang dicanting di antara bunga-bunga, diwarnai merah secang yang "
            "lembut. Kayu secang direbus semalaman lalu dikunci dengan tawas. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "secang",
        "fabric": "katun_primissima",
        "motif_name": "Burung Hong",
        "motif_meaning": (
            "Burung hong datang dari pengaruh Tionghoa di Palembang dan melambangkan keberuntungan serta "
            "kesetiaan."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 315,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-HNG-200", "Kain 2 m", 2_150_000, 2)],
        "pattern": "ceplok", "palette": list(_SECANG),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kemeja Batik Tulis Indigo Daun Nipah (Pesanan)",
        "description": (
            "Kemeja katun prima yang kainnya dibatik tulis dan dicelup indigo alami, lalu dijahit sesuai "
            "ukuran pilihan. Dikerjakan setelah dipesan, sekitar dua minggu. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "katun_prima",
        "motif_name": "Daun Nipah",
        "motif_meaning": "Daun nipah yang dianyam menjadi atap kajang, lambang perlindungan.",
        "length_cm": None, "width_cm": None, "weight_grams": 250,
        "made_to_order": True, "production_days": 14, "status": "active",
        "variants": [
            _v("RBF-NPH-S", "Kemeja S", 1_100_000, 2),
            _v("RBF-NPH-M", "Kemeja M", 1_100_000, 3),
            _v("RBF-NPH-L", "Kemeja L", 1_100_000, 3),
            _v("RBF-NPH-XL", "Kemeja XL", 1_150_000, 2),
        ],
        "pattern": "parang", "palette": list(_INDIGO),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Selendang Batik Tulis Jelawe Kembang Janggut",
        "description": (
            "Selendang semi sutra berwarna kuning zaitun dari buah jelawe. Motif kembang janggut dicanting "
            "di sepanjang selendang dengan garis yang halus. " + _PERAWATAN_SUTRA
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "jelawe",
        "fabric": "semi_sutra",
        "motif_name": "Kembang Janggut",
        "motif_meaning": "Bunga dengan untaian menjuntai, lambang kesabaran dan umur panjang.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 110,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-JLW-SLD", "Selendang", 780_000, 4)],
        "pattern": "ceplok", "palette": list(_JELAWE),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Tulis Linen Mahoni Perahu Kajang",
        "description": (
            "Perahu kajang di atas kain linen yang bertekstur alami, diwarnai kulit kayu mahoni sehingga "
            "menjadi cokelat kemerahan. Linen makin lembut setiap kali dicuci. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "kayu mahoni",
        "fabric": "linen",
        "motif_name": "Perahu Kajang",
        "motif_meaning": "Perahu beratap kajang, rumah terapung para pedagang Sungai Musi tempo dulu.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 360,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-MHN-200", "Kain 2 m", 1_350_000, 1)],
        "pattern": "sungai", "palette": list(_MAHONI),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Tulis Soga Lepus Bertumpal",
        "description": (
            "Kain panjang 2,5 meter dengan tumpal pucuk rebung di kedua ujung dan badan kain bermotif "
            "lepus, diwarnai soga. Cocok dipakai sebagai kain sarung pada acara adat. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "soga",
        "fabric": "katun_primissima",
        "motif_name": "Songket Lepus",
        "motif_meaning": (
            "Mengambil susunan songket lepus Palembang; "
            "pucuk rebung berarti harapan yang tumbuh."
        ),
        "length_cm": 250, "width_cm": 115, "weight_grams": 380,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-LPS-250", "Kain 2,5 m", 2_400_000, 2)],
        "pattern": "tumpal", "palette": list(_SOGA),
    },
    {
        "shop": "Rumah Batik Fatimah",
        "title": "Kain Batik Kombinasi Indigo Kawung",
        "description": (
            "Kerangka kawung dibuat dengan cap, lalu isen-isennya dicanting tangan oleh murid-murid kami. "
            "Dicelup indigo alami sehingga birunya dalam dan sedikit bervariasi. " + _PERAWATAN_ALAMI
        ),
        "technique": "batik_kombinasi", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "katun_prima",
        "motif_name": "Kawung",
        "motif_meaning": "Empat bulatan buah aren yang tersusun rapi, lambang keteraturan dan kejujuran.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("RBF-KMB-200", "Kain 2 m", 750_000, 5)],
        "pattern": "kawung", "palette": list(_INDIGO),
    },
    # ------------------------------------------------ Jumputan Sembawa (JSB), Sembawa
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Secang Kembang Tabur",
        "description": (
            "Kembang tabur putih di atas merah secang yang lembut. Kayu secang direbus, kain dicelup lima "
            "kali, lalu warnanya dikunci dengan tawas. " + _PERAWATAN_ALAMI
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "secang",
        "fabric": "katun_primissima",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik yang disebar untuk semua orang.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-SCG-200", "Kain 2 m", 385_000, 6)],
        "pattern": "jumputan", "palette": list(_SECANG),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Indigo Bintik Tujuh (Pesanan)",
        "description": (
            "Jumputan biru indigo dengan motif bintik tujuh yang diikat rapat. Karena bak indigo perlu "
            "disiapkan lebih dulu, kain ini dibuat setelah dipesan, sekitar sepuluh hari. " + _PERAWATAN_ALAMI
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "indigo",
        "fabric": "katun_primissima",
        "motif_name": "Bintik Tujuh",
        "motif_meaning": (
            "Tujuh titik dalam satu kuntum, motif "
            "jumputan Palembang yang dipercaya membawa berkah."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": True, "production_days": 10, "status": "active",
        "variants": [_v("JSB-IBT-200", "Kain 2 m", 425_000, 5)],
        "pattern": "jumputan", "palette": list(_INDIGO),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Selendang Jumputan Jelawe Kuning Pudar",
        "description": (
            "Selendang semi sutra dengan warna kuning pudar dari buah jelawe. Titik-titik ikatan dibiarkan "
            "putih sehingga tampak seperti embun pagi. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "jelawe",
        "fabric": "semi_sutra",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 110,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-JLW-SLD", "Selendang", 245_000, 3)],
        "pattern": "jumputan", "palette": list(_JELAWE),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Pelangi Remazol, Katun",
        "description": (
            "Kain jumputan warna-warni yang cerah: fuchsia, jingga, dan kuning. Setiap bagian kain dicelup "
            "terpisah sehingga warnanya saling berbaur di tepi. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Jumputan Pelangi",
        "motif_meaning": "Warna-warni pelangi melambangkan kegembiraan dan keberagaman.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 280,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-PLG-200", "Kain 2 m", 195_000, 11), _v("JSB-PLG-250", "Kain 2,5 m", 235_000, 7)],
        "pattern": "jumputan", "palette": list(_REMAZOL_FUCHSIA),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kerudung Jumputan Daun Karet",
        "description": (
            "Kerudung rayon dengan motif tiga helai daun karet, motif ciptaan Rohani sendiri. Ikatannya "
            "dibuat berbentuk daun, lalu dicelup naptol hijau tua. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "rayon",
        "motif_name": "Daun Karet",
        "motif_meaning": (
            "Tiga helai daun karet untuk kebun-kebun "
            "karet Sembawa yang menghidupi banyak keluarga."
        ),
        "length_cm": 115, "width_cm": 115, "weight_grams": 100,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-DKR-KRD", "Kerudung", 165_000, 2)],
        "pattern": "jumputan", "palette": ["#2f5d2a", "#eef3e2", "#9bbf4a", "#13260f"],
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Tingi Cokelat Tua",
        "description": (
            "Jumputan cokelat tua dari kulit kayu tingi dengan titik-titik krem. Kulit tingi kami beli dari "
            "pengumpul di pesisir Banyuasin. " + _PERAWATAN_ALAMI
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "tingi",
        "fabric": "katun_dobby",
        "motif_name": "Bintik Lima",
        "motif_meaning": "Lima titik yang berkumpul melambangkan keluarga yang rukun.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 310,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-TNG-200", "Kain 2 m", 360_000, 0)],
        "pattern": "jumputan", "palette": list(_TINGI),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Naptol Merah Bintik Lima",
        "description": (
            "Jumputan merah menyala dengan pewarna naptol, motif bintik lima yang teratur. Warna naptol "
            "tahan luntur dan cocok untuk pakaian sehari-hari. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_prima",
        "motif_name": "Bintik Lima",
        "motif_meaning": "Lima titik yang berkumpul melambangkan keluarga yang rukun.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-BL5-200", "Kain 2 m", 210_000, 4)],
        "pattern": "jumputan", "palette": list(_NAPTOL_MERAH),
    },
    {
        "shop": "Jumputan Sembawa",
        "title": "Kain Jumputan Sutra Kulit Mahoni",
        "description": (
            "Kain sutra jumputan berwarna cokelat kemerahan dari kulit kayu mahoni. Sutra menyerap warna "
            "alami dengan kilau yang lembut. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "kayu mahoni",
        "fabric": "sutra",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 260,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JSB-MHN-SUT", "Kain Sutra 2 m", 590_000, 1)],
        "pattern": "jumputan", "palette": list(_MAHONI),
    },
    # ------------------------------------------------ Batik Nipah Muara Telang (BNT), Telang Jaya
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kain Batik Cap Daun Nipah Hijau",
        "description": (
            "Daun nipah yang tersusun miring seperti parang, dicap dengan cap tembaga buatan kelompok kami "
            "dan diwarnai remazol hijau. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Daun Nipah",
        "motif_meaning": (
            "Nipah tumbuh di tepi parit dan sungai pasang surut Telang; daunnya dianyam menjadi atap kajang "
            "dan tikar."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BNT-NPH-200", "Kain 2 m", 245_000, 8)],
        "pattern": "parang", "palette": list(_REMAZOL_HIJAU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kain Batik Cap Parit Telang",
        "description": (
            "Garis-garis air yang bercabang seperti parit di lahan pasang surut, dicap dan diwarnai naptol "
            "biru tua. Motif ini paling disukai keluarga transmigran di Telang. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_prima",
        "motif_name": "Parit Telang",
        "motif_meaning": (
            "Parit primer, sekunder, dan tersier membawa air pasang ke sawah Telang; motif ini melambangkan "
            "kerja sama membangun kampung."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BNT-PRT-200", "Kain 2 m", 230_000, 6)],
        "pattern": "sungai", "palette": list(_NAPTOL_BIRU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kain Batik Kombinasi Nipah dan Padi (Pesanan)",
        "description": (
            "Tumpal daun nipah dicap di kedua ujung kain, sedangkan untaian padi di badan kain dicanting "
            "tangan. Dibuat setelah dipesan dalam sepuluh hari; warna bisa dipilih. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_kombinasi", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_primissima",
        "motif_name": "Nipah dan Padi",
        "motif_meaning": "Nipah dan padi, dua tanaman yang menghidupi warga lahan pasang surut Banyuasin.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 310,
        "made_to_order": True, "production_days": 10, "status": "active",
        "variants": [_v("BNT-NPD-200", "Kain 2 m", 595_000, 4)],
        "pattern": "tumpal", "palette": list(_REMAZOL_HIJAU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kain Batik Cap Kawung Padi Biru",
        "description": (
            "Bulir padi yang disusun empat-empat seperti kawung, dicap dan diwarnai indigosol biru muda. "
            + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "katun_prima",
        "motif_name": "Kawung Padi",
        "motif_meaning": "Empat bulir padi yang saling bertemu, lambang panen yang cukup untuk semua.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BNT-KWP-200", "Kain 2 m", 225_000, 1)],
        "pattern": "kawung", "palette": list(_INDIGOSOL_BIRU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kemeja Batik Kombinasi Daun Nipah",
        "description": (
            "Kemeja pria dari kain batik kombinasi: daun nipah dicap, garis tepinya dicanting tangan. "
            "Warna hijau dan kuning remazol. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_kombinasi", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Daun Nipah",
        "motif_meaning": "Daun nipah yang dianyam menjadi atap kajang, lambang perlindungan.",
        "length_cm": None, "width_cm": None, "weight_grams": 240,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [
            _v("BNT-KMJ-M", "Kemeja M", 375_000, 3),
            _v("BNT-KMJ-L", "Kemeja L", 375_000, 4),
            _v("BNT-KMJ-XL", "Kemeja XL", 395_000, 0),
        ],
        "pattern": "parang", "palette": list(_REMAZOL_HIJAU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Selendang Batik Cap Nipah Indigosol",
        "description": (
            "Selendang semi sutra biru muda dengan daun nipah putih. Indigosol memberi warna lembut yang "
            "muncul setelah kain dijemur di bawah matahari. " + _PERAWATAN_SUTRA
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "semi_sutra",
        "motif_name": "Daun Nipah",
        "motif_meaning": "Daun nipah di tepi parit Telang, lambang perlindungan.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 115,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BNT-SLD-NPH", "Selendang", 205_000, 5)],
        "pattern": "parang", "palette": list(_INDIGOSOL_BIRU),
    },
    {
        "shop": "Batik Nipah Muara Telang",
        "title": "Kain Batik Tulis Burung Hong Telang, Naptol",
        "description": (
            "Batik tulis karya ibu Sri Wahyuni sendiri, dengan burung hong di antara bunga, dicanting "
            "seluruhnya dengan tangan. Pewarnanya naptol merah dan kuning. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_tulis", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_primissima",
        "motif_name": "Burung Hong",
        "motif_meaning": "Burung hong melambangkan keberuntungan dan kesetiaan.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BNT-HNG-200", "Kain 2 m", 850_000, 2)],
        "pattern": "ceplok", "palette": list(_NAPTOL_MERAH),
    },
    # ------------------------------------------------ Batik Musi Rambutan (BMR), Rambutan
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Batik Tulis Sungai Musi, Naptol Biru",
        "description": (
            "Gelombang Sungai Musi dicanting tangan berlapis-lapis, dengan ikan dan perahu di sela-selanya. "
            "Diwarnai naptol biru tua dengan aksen kuning. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_tulis", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_primissima",
        "motif_name": "Sungai Musi",
        "motif_meaning": (
            "Sungai Musi adalah jalan hidup "
            "orang Sumatera Selatan; gelombangnya berarti rezeki."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-MSI-200", "Kain 2 m", 975_000, 3)],
        "pattern": "sungai", "palette": list(_NAPTOL_BIRU),
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Batik Cap Ikan Belida Musi",
        "description": (
            "Batik cap dengan deretan ikan belida dan gelombang, diwarnai naptol merah bata. Harga "
            "terjangkau untuk seragam komunitas. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_prima",
        "motif_name": "Ikan Belida",
        "motif_meaning": "Ikan khas Sungai Musi yang kini langka; pengingat untuk menjaga sungai.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-BLD-200", "Kain 2 m", 255_000, 10)],
        "pattern": "sungai", "palette": ["#a5402d", "#f6e7cf", "#e0a458", "#3a1409"],
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Batik Kombinasi Perahu Kajang Indigosol",
        "description": (
            "Perahu kajang dicap, lalu riak air dan isen-isennya dicanting tangan. Warna biru langit dari "
            "indigosol. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_kombinasi", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "katun_primissima",
        "motif_name": "Perahu Kajang",
        "motif_meaning": "Perahu beratap kajang, rumah terapung para pedagang Sungai Musi tempo dulu.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 310,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-PKJ-200", "Kain 2 m", 650_000, 2)],
        "pattern": "sungai", "palette": list(_INDIGOSOL_BIRU),
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Motif Batik Cetak Sungai Musi (Print)",
        "description": (
            "Kain rayon bermotif Sungai Musi hasil cetak mesin (print), bukan batik tulis maupun cap. "
            "Murah, adem, dan cocok untuk daster atau gamis sehari-hari. " + _PERAWATAN_SINTETIS
        ),
        "technique": "tekstil_motif_batik", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "rayon",
        "motif_name": "Sungai Musi",
        "motif_meaning": "Gelombang Sungai Musi, lambang rezeki yang terus mengalir.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 250,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-PRT-MSI", "Kain 2 m", 75_000, 12)],
        "pattern": "sungai", "palette": list(_REMAZOL_FUCHSIA),
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Motif Batik Cetak Buah Rambutan (Print)",
        "description": (
            "Kain katun dengan motif buah rambutan yang dicetak (print) di pabrik, bukan batik. Kami "
            "menjualnya untuk oleh-oleh murah dari Rambutan. " + _PERAWATAN_SINTETIS
        ),
        "technique": "tekstil_motif_batik", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Buah Rambutan",
        "motif_meaning": "Buah rambutan yang memberi nama kecamatan kami, lambang kampung yang subur.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 260,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-PRT-RBT", "Kain 2 m", 110_000, 9)],
        "pattern": "ceplok", "palette": ["#c62828", "#fff3e0", "#2e7d32", "#3e0a0a"],
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Kain Batik Tulis Naga Sungsang (Pesanan)",
        "description": (
            "Naga yang kepalanya menghadap ke bawah, dicanting penuh di atas katun primissima dan diwarnai "
            "indigosol. Dibuat setelah dipesan, sekitar 25 hari. Deskripsi dan foto masih kami lengkapi."
        ),
        "technique": "batik_tulis", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "katun_primissima",
        "motif_name": "Naga Sungsang",
        "motif_meaning": (
            "Dari cerita rakyat muara Sungsang tentang naga penjaga sungai; kepala yang menghadap ke bawah "
            "berarti menjaga yang ada di dalam air."
        ),
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": True, "production_days": 25, "status": "draft",
        "variants": [_v("BMR-NGS-200", "Kain 2 m", 1_200_000, 2)],
        "pattern": "sungai", "palette": list(_INDIGOSOL_MERAH_MUDA),
    },
    {
        "shop": "Batik Musi Rambutan",
        "title": "Selendang Batik Cap Bunga Tanjung Indigosol",
        "description": (
            "Selendang semi sutra dengan bunga tanjung biru muda di atas dasar putih gading. "
            + _PERAWATAN_SUTRA
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "semi_sutra",
        "motif_name": "Bunga Tanjung",
        "motif_meaning": "Bunga tanjung berarti ucapan selamat datang dalam adat Palembang.",
        "length_cm": 180, "width_cm": 50, "weight_grams": 120,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BMR-SLD-TJG", "Selendang", 215_000, 6)],
        "pattern": "ceplok", "palette": ["#f4efe1", "#2c5fb3", "#8fb8e8", "#102548"],
    },
    # ------------------------------------------------ Jumputan Kembang Sukajadi (JKS), Sukajadi
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Jumputan Kembang Tabur Ungu, Semi Sutra",
        "description": (
            "Kembang tabur kuning di atas ungu tua, di kain semi sutra yang berkilau lembut. Cocok untuk "
            "kebaya atau baju kurung. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "semi_sutra",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik yang disebar untuk semua orang.",
        "length_cm": 200, "width_cm": 110, "weight_grams": 250,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-KTU-200", "Kain 2 m", 345_000, 4)],
        "pattern": "jumputan", "palette": list(_REMAZOL_UNGU),
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Jumputan Pelangi Rayon Adem",
        "description": (
            "Jumputan pelangi di atas rayon yang ringan dan adem untuk cuaca panas. Setiap lembar punya "
            "gradasi warna yang sedikit berbeda. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "rayon",
        "motif_name": "Jumputan Pelangi",
        "motif_meaning": "Warna-warni pelangi melambangkan kegembiraan.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 250,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-PLG-200", "Kain 2 m", 165_000, 12)],
        "pattern": "jumputan", "palette": list(_REMAZOL_JINGGA),
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Selendang Jumputan Bintik Tujuh Merah Hati",
        "description": (
            "Selendang semi sutra merah hati dengan bintik tujuh berwarna krem. Diikat dengan benang nilon "
            "supaya titiknya tajam. " + _PERAWATAN_SUTRA
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "semi_sutra",
        "motif_name": "Bintik Tujuh",
        "motif_meaning": (
            "Tujuh titik dalam satu kuntum, motif "
            "jumputan Palembang yang dipercaya membawa berkah."
        ),
        "length_cm": 180, "width_cm": 50, "weight_grams": 105,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-BT7-SLD", "Selendang", 175_000, 2)],
        "pattern": "jumputan", "palette": ["#7b1e2b", "#f5e6d3", "#c0504d", "#2e0a10"],
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Jumputan Secang Lembut",
        "description": (
            "Jumputan merah muda keunguan dari kayu secang dengan fiksasi kapur. Warna alami ini lembut dan "
            "akan sedikit memudar dengan anggun. " + _PERAWATAN_ALAMI
        ),
        "technique": "jumputan", "dye_type": "natural", "dye_source": "secang",
        "fabric": "katun_primissima",
        "motif_name": "Jumputan Kembang Tabur",
        "motif_meaning": "Bunga yang ditaburkan melambangkan doa baik.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-SCG-200", "Kain 2 m", 395_000, 3)],
        "pattern": "jumputan", "palette": list(_SECANG),
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Batik Kombinasi Kembang Janggut Merah Muda",
        "description": (
            "Kembang janggut dicap, lalu untaian bunganya diperpanjang dengan canting tangan. Diwarnai "
            "remazol merah muda dan hijau. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_kombinasi", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Kembang Janggut",
        "motif_meaning": "Bunga dengan untaian menjuntai, lambang kesabaran dan umur panjang.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 300,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-KMB-200", "Kain 2 m", 425_000, 2)],
        "pattern": "ceplok", "palette": ["#e8799a", "#fdf0f4", "#4caf7a", "#4a1426"],
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Batik Cap Kembang Janggut Sukajadi",
        "description": (
            "Batik cap kembang janggut berwarna ungu dan kuning, dicap rapat di seluruh kain. "
            + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Kembang Janggut",
        "motif_meaning": "Bunga dengan untaian menjuntai, lambang kesabaran dan umur panjang.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-KJG-200", "Kain 2 m", 215_000, 7)],
        "pattern": "ceplok", "palette": list(_REMAZOL_UNGU),
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kerudung Jumputan Pelangi Lembut",
        "description": (
            "Kerudung segi empat dari rayon dengan gradasi pelangi pastel. Sedang habis; kami sedang "
            "mengikat lembar-lembar baru. " + _PERAWATAN_SINTETIS
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "rayon",
        "motif_name": "Jumputan Pelangi",
        "motif_meaning": "Warna-warni pelangi melambangkan kegembiraan.",
        "length_cm": 115, "width_cm": 115, "weight_grams": 100,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("JKS-PLG-KRD", "Kerudung", 150_000, 0)],
        "pattern": "jumputan", "palette": list(_INDIGOSOL_MERAH_MUDA),
    },
    {
        "shop": "Jumputan Kembang Sukajadi",
        "title": "Kain Jumputan Indigosol Biru Langit",
        "description": (
            "Percobaan jumputan dengan indigosol: warna biru langit yang muncul setelah kain dijemur di "
            "bawah matahari. Masih kami uji ketahanan warnanya."
        ),
        "technique": "jumputan", "dye_type": "synthetic", "dye_source": "indigosol",
        "fabric": "katun_prima",
        "motif_name": "Bintik Lima",
        "motif_meaning": "Lima titik yang berkumpul melambangkan keluarga yang rukun.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 280,
        "made_to_order": False, "production_days": None, "status": "draft",
        "variants": [_v("JKS-IDS-200", "Kain 2 m", 240_000, 5)],
        "pattern": "jumputan", "palette": list(_INDIGOSOL_BIRU),
    },
    # ------------------------------------------------ Batik Perahu Kajang (BPK), Makarti Jaya; pending
    {
        "shop": "Batik Perahu Kajang",
        "title": "Kain Batik Tulis Perahu Kajang Makarti Jaya",
        "description": (
            "Batik tulis pertama kelompok PKK Makarti Jaya: perahu kajang berlayar di antara riak air, "
            "diwarnai naptol cokelat dan krem. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_tulis", "dye_type": "synthetic", "dye_source": "naptol",
        "fabric": "katun_primissima",
        "motif_name": "Perahu Kajang",
        "motif_meaning": "Perahu beratap kajang, dulu kendaraan utama di sungai-sungai Banyuasin.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPK-PKJ-200", "Kain 2 m", 780_000, 2)],
        "pattern": "sungai", "palette": ["#6d4c2f", "#f3e7d3", "#c08a4a", "#2b1b0e"],
    },
    {
        "shop": "Batik Perahu Kajang",
        "title": "Kain Batik Cap Padi Pasang Surut",
        "description": (
            "Batik cap dengan deretan tumpal bulir padi di kedua ujung kain, diwarnai remazol kuning dan "
            "hijau. " + _PERAWATAN_SINTETIS
        ),
        "technique": "batik_cap", "dye_type": "synthetic", "dye_source": "remazol",
        "fabric": "katun_prima",
        "motif_name": "Padi Pasang Surut",
        "motif_meaning": "Padi yang tumbuh di sawah pasang surut, hasil kerja keras warga Makarti Jaya.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 290,
        "made_to_order": False, "production_days": None, "status": "active",
        "variants": [_v("BPK-PDI-200", "Kain 2 m", 220_000, 5)],
        "pattern": "tumpal", "palette": ["#d9a404", "#fffbe6", "#4c8c2b", "#3b2a00"],
    },
    {
        "shop": "Batik Perahu Kajang",
        "title": "Kain Batik Tulis Pedada Pewarna Alami (Pesanan)",
        "description": (
            "Batik tulis motif pedada dengan pewarna rebusan kulit pedada, dibuat setelah dipesan dalam "
            "sekitar tiga minggu. Kami masih belajar pewarna alami dari kelompok di Sungsang. "
            + _PERAWATAN_ALAMI
        ),
        "technique": "batik_tulis", "dye_type": "natural", "dye_source": "mangrove pedada",
        "fabric": "katun_primissima",
        "motif_name": "Pedada",
        "motif_meaning": "Hutan pedada yang menjaga pantai Banyuasin dari abrasi.",
        "length_cm": 200, "width_cm": 115, "weight_grams": 320,
        "made_to_order": True, "production_days": 20, "status": "draft",
        "variants": [_v("BPK-PED-200", "Kain 2 m", 1_050_000, 2)],
        "pattern": "pedada", "palette": list(_PEDADA),
    },
]
