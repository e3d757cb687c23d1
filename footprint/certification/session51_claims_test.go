package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Session 51: another scheme's mark written as its bare letters, a token
// of its own after a name, between separators or in brackets ("Demo
// Module 400W CE", "CE/UL", "CE·UL", "(CE)"), prints beside the certified
// figure as "CE marked" does, which red team 85 refused. Ensure each is
// refused naming its field, in full-width letters and spelled out too;
// and that a model holding the letters ("CE-2024", "ST-CE300", "UL3000"),
// words holding them ("ACE", "CELL", "ULTRA", "PULSE"), a UL standard's
// number ("UL 94 V-0"), Windows CE and Chinese text stay accepted.
// Red team 85 had accepted "Demo Module, CE" as a model's letters; it is
// the bare mark at the end, and is refused here.
func TestSession51_BareMarks(t *testing.T) {
	checkClaimCases(t, "another scheme's mark by its bare letters", []claimCase{
		{"product.name", "Demo Module 400W CE"},
		{"product.name", "Demo Module 400W UL"},
		{"product.name", "Demo Module CE/UL"},
		{"product.name", "Demo Module CE·UL"},
		{"product.name", "Demo Module (CE)"},
		{"product.name", "Demo Module [UL]"},
		{"product.name", "Demo Module, CE"},
		{"product.name", "Demo Module CE UL 400W"},
		{"product.name", "Demo Module - CE"},
		{"product.name", "Demo Module C.E."},
		{"product.name", "Demo Module CE 0123"}, // the CE mark with its notified body's number
		{"product.name", "Demo Module cULus"},
		{"product.name", "Demo Module c-UL-us"},
		{"product.name", "Demo Module (UKCA)"},
		{"product.name", "Demo cable, RoHS"},
		{"product.name", "Demo Module UL®"},
		{"product.name", "Demo Module ＣＥ"},   // full-width
		{"product.name", "Demo Module （ＵＬ）"}, // full-width brackets
		{"product.name_zh", "示例组件 CE"},
		{"product.name_zh", "示例组件CE"},
		{"product.name_zh", "示例组件 CCC"},
		{"product.model", "DEMO-M10-54 CE"},
		{"product.model", "DEMO-M10-54 (UL)"},
		{"not_applicable[0].reason", "无使用阶段能耗（CE）"},
		{"product.name", "Demo Module UL 1703 listed"}, // a UL standard listed, as "IEC 61215 certified" is
	}, []claimCase{
		{"product.model", "CE-2024"},
		{"product.model", "ST-CE300"},
		{"product.model", "UL3000"},
		{"product.model", "TUV100"},
		{"product.model", "LR5-54HTH-430M"},
		{"product.name", "Demo ACE module"},
		{"product.name", "Demo CELL module"},
		{"product.name", "Demo ULTRA module"},
		{"product.name", "Demo PULSE charger"},
		{"product.name", "Demo Module 400W-CE"}, // a suffix joined to a code: read as the model's (left open)
		{"product.name", "Ce-doped glass module"},
		{"product.name", "Demo charger, UL 94 V-0 housing"},
		{"product.name", "Demo module to IEC/UL 61730"},
		{"product.name", "Demo HMI panel, Windows CE 6.0"},
		{"product.name", "Demo USB Type C E-Marker cable"},
		{"product.name", "Demo Module (54 cells) [M10]"},
		{"product.name_zh", "示例单晶硅光伏组件"},
		{"product.name_zh", "隆基Hi-MO 6 单晶硅光伏组件"},
		{"product.name_zh", "示例组件【双玻】"},
		{"product.name_zh", "示例笔记本电脑 一级能效"},
	})
}

// Session 51: a comparison of the product's carbon with a named company
// or brand holds no generic baseline word, and was accepted ("lower
// carbon than LONGi Hi-MO", "beats Jinko's footprint",
// "比隆基组件碳足迹低20%"). Ensure a comparative construction tied to a
// carbon or emission word is refused whatever it compares with; and that
// comparisons of other properties, carbon as a material or a name, and a
// reason comparing a stage with the product's own total or a cut-off stay
// accepted.
func TestSession51_NamedCompetitorComparisons(t *testing.T) {
	checkClaimCases(t, "a comparison with another product", []claimCase{
		{"product.name", "Demo Module, lower carbon than LONGi Hi-MO"},
		{"product.name", "Demo Module, lower-carbon than LONGi"},
		{"product.name", "Demo Module, beats Jinko's footprint"},
		{"product.name", "Demo Module, beats Jinko on carbon"},
		{"product.name", "Demo Module, outperforms LONGi in CO2"},
		{"product.name", "Demo Module, less CO2 than Jinko Tiger Neo"},
		{"product.name", "Demo Module, fewer emissions than Jinko"},
		{"product.name", "Demo Module, a smaller carbon footprint than Trina Vertex"},
		{"product.name", "Demo Module, carbon footprint 20% lower than Jinko"},
		{"product.name", "Demo Module, lower than LONGi's footprint"},
		{"product.name", "Demo Module, footprint below LONGi's"},
		{"product.name", "Demo Module CO2 vs LONGi"},
		{"product.name", "Demo Module, greener than Trina"},
		{"product.name_zh", "示例组件 比隆基组件碳足迹低20%"},
		{"product.name_zh", "示例组件 碳足迹比隆基低"},
		{"product.name_zh", "示例组件 比隆基更低碳"},
		{"product.name_zh", "示例组件 碳足迹低于隆基Hi-MO 6"},
		{"product.name_zh", "示例组件 低于晶科的碳排放"},
		{"product.name_zh", "示例组件 碳排放胜过晶科"},
		{"product.name_zh", "示例组件 击败晶科碳足迹"},
		{"product.name_zh", "示例组件 比上一代碳足迹低"},
		{"product.model", "DEMO-M10 LOWER CO2 THAN LONGI"},
		{"not_applicable[0].reason", "运输排放比隆基低，可忽略"},
	}, []claimCase{
		{"product.name_zh", "示例组件 比上代功耗低20%"},
		{"product.name_zh", "示例组件 比常规组件轻20%"},
		{"product.name_zh", "碳化硅MOSFET比硅器件损耗低"},
		{"product.name_zh", "碳纤维车架比铝合金车架轻30%"},
		{"product.name_zh", "示例组件 功率比上代高5%"},
		{"product.name_zh", "示例显示器 对比度1000:1 比上代更好"},
		{"product.name", "Demo bike, weighs less than a carbon frame"},
		{"product.name", "Lenovo ThinkPad X1 Carbon Gen 12, better than Gen 11"},
		{"product.name", "Beats Studio Pro headphones, low-CO2 packaging"},
		{"product.name", "Demo monitor, contrast better than 1000:1"},
		{"product.name", "Demo cleaner robot, quieter than the X100"},
		{"product.manufacturer", "Cleaner Energy Co., Ltd."},
		{"not_applicable[0].reason", "排放量少于1%的过程不计"},
		{"not_applicable[0].reason", "运输排放低于总量的1%，按截断规则不计"},
		{"not_applicable[0].reason", "运输排放比生产排放小得多，可忽略"},
		{"not_applicable[0].reason", "包装排放占比很小，按截断规则不计"},
		{"not_applicable[0].reason", "包装排放占比小于1%，按截断规则不计"},
		{"not_applicable[0].reason", "Transport emissions are below the 1 % cut-off"},
		{"not_applicable[0].reason", "Transport emissions are less than 1% of the total"},
		{"not_applicable[0].reason", "Use-stage emissions under the grid factor are negligible"},
		{"not_applicable[0].reason", "Emissions are lower than the cut-off criterion"},
		{"not_applicable[0].reason", "emissions smaller than the product's total by far, below the threshold"},
		{"not_applicable[0].reason", "The module uses less energy than it generates; no use-stage emissions"},
	})
}

// Session 51: a not-applicable reason pointing to a supplier's
// certificate was refused as another certification ("供应商证书编号见附件",
// "see the supplier's 证书 on file"): it is the evidence of an input, as a
// certificate built on a supplier's names it (PRODUCT.md). Ensure it is
// accepted, and that a certification of the product beside it, or a
// certificate that is not a supplier's, is still refused (red team 85).
func TestSession51_SupplierCertificateInReason(t *testing.T) {
	checkClaimCases(t, "another certification of the product in a reason", []claimCase{
		{"not_applicable[0].reason", "本产品与供应商均已认证"},
		{"not_applicable[0].reason", "供应商证书齐全，产品已通过TÜV认证"},
		{"not_applicable[0].reason", "see the supplier's certificate; the product is TÜV certified"},
		{"not_applicable[0].reason", "产品证书见附件"},
		{"not_applicable[0].reason", "the product's certificate is on file"},
		{"not_applicable[0].reason", "组件已通过IEC 61215认证，无需使用阶段维护"},
	}, []claimCase{
		{"not_applicable[0].reason", "供应商证书编号见附件"},
		{"not_applicable[0].reason", "see the supplier's 证书 on file"},
		{"not_applicable[0].reason", "see the supplier's certificate on file"},
		{"not_applicable[0].reason", "无入厂运输，见供应商提供的碳足迹证书"},
		{"not_applicable[0].reason", "Supplier certificates on file; no transport to the factory"},
	})
}

// Session 51: a Greek letter of an established technical name beside Latin
// letters was refused as a look-alike ("Demo α-Si thin-film module").
// Ensure the names access.CheckPrintsAsItReads lists print as they read,
// and a Greek look-alike in a word is still refused.
func TestSession51_TechnicalGreekInNames(t *testing.T) {
	checkClaimCases(t, "a Greek look-alike beside Latin letters", []claimCase{
		{"product.name", "Demo cαrbon module"},
		{"product.name", "Dεmo Module"},
		{"product.name", "Demo α-Silicon module"},
	}, []claimCase{
		{"product.name", "Demo α-Si thin-film module"},
		{"product.name", "Demo α-Si/μc-Si tandem module"},
		{"product.name_zh", "示例非晶硅α-Si薄膜组件"},
		{"product.name", "Demo module, 150μm wafers"},
		{"product.name", "Demo sensor 10kΩ NTC"},
	})
}

// Session 51: look-alikes the certificate font prints. Full-width letters,
// mathematical alphanumerics and combining marks are folded (NFKC, marks
// dropped: the mathematical letters and the marks are not in the font
// either, and the renderer refuses them at application); the signs of
// Latin-1 and € that read as letters and that NFKC leaves were read by no
// pattern: ¢, ¥ (UTS #39 confusables), €, µ, ¡. Ensure each is refused.
func TestSession51_LookAlikeSigns(t *testing.T) {
	checkClaimCases(t, "a claim in look-alike letters", []claimCase{
		{"product.name", "Demo Module ｃａｒｂｏｎ ｎｅｕｔｒａｌ"},
		{"product.name", "Demo Module 𝐂𝐚𝐫𝐛𝐨𝐧 𝐍𝐞𝐮𝐭𝐫𝐚𝐥"},
		{"product.name", "Demo Module c̲arbon neutral"},
		{"product.name", "Demo Module c̲a̲r̲b̲o̲n̲ n̲e̲u̲t̲r̲a̲l̲"},
		{"product.name", "Demo Module 𝐂𝐄 marked"},
		{"product.name", "Demo Module ¢arbon neutral"},
		{"product.name", "Demo Module 75 kg ¢O2e"},
		{"product.name", "Demo Module carbon neµtral"},
		{"product.name", "Demo Module cert¡f¡ed"},
		{"product.name", "Demo Module C€ marked"},
		{"product.name", "Demo Module C€"},
		{"product.name", "Demo laptop ENERG¥ STAR"},
	}, []claimCase{
		{"product.name", "Demo Module €199"},
		{"product.name_zh", "示例组件 ¥1999"},
		{"product.name", "Demo module, 150µm wafers"},
		{"product.name", "Demo monitor, 2×HDMI"},
		{"product.name", "Demo Module ｘ２"},
	})
}

// Ensure session 51's refusals name the field and explain why, Chinese
// first ("中文。English").
func TestSession51_RefusalsAreBilingual(t *testing.T) {
	for _, c := range []claimCase{
		{"product.name", "Demo Module 400W CE"},
		{"product.model", "DEMO-M10-54 (UL)"},
		{"product.name", "Demo Module, lower carbon than LONGi Hi-MO"},
		{"product.name_zh", "示例组件 比隆基组件碳足迹低20%"},
		{"product.name", "Demo Module C€"},
	} {
		err := checkPrintableText(t, c.field, c.text)
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != c.field || !ok || !strings.Contains(zh, c.field) || !strings.Contains(en, c.field+" may not") {
			t.Errorf("%s %q: %v; want a refusal naming %s, Chinese first (\"中文。English\")", c.field, c.text, err, c.field)
		}
	}
}

// Ensure the demo studies, the PV module and the laptop, are accepted by
// the claims check as they are seeded, with session 51's patterns.
func TestSession51_DemoStudiesAccepted(t *testing.T) {
	for _, name := range []string{"pv-module", "laptop"} {
		st := seedtest.Stored(t, name, "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
		if err := certification.CheckPrintable(st); err != nil {
			t.Errorf("demo %s: %v, want accepted", name, err)
		}
	}
}
