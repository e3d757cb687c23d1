package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red team 18: claims the applicant's text still carries past the claim
// patterns of red teams 15 and 17. The demo module is certified at the
// honest 150 kgCO2e per module; its product name (printed on the
// certificate, the label and the public verification page, right beside
// the certified figure) states 75 kg in words the patterns do not know: a
// greenhouse-gas figure (温室气体, GHG, greenhouse gas) rather than a
// carbon one, the abbreviations 碳排 and PCF, a figure in Chinese or
// English numerals (七十五千克, 柒拾伍, seventy-five kilograms), the unit
// sign ㎏ (U+338F), "carbon dioxide" written out, CO₂ with a zero for
// the O (C0₂); and claims stronger than
// neutrality (carbon-negative, 负碳, climate-positive, carbon-free, 无碳,
// "100 % carbon offset", 碳抵消). Each is accepted today (CheckPrintable
// returns nil) and would print beside the certified 150. A correct
// service refuses each at application with 400 invalid naming the field,
// as it refuses "carbon footprint 75 kg per module" and 碳中和.
func TestRedteam18_ClaimsInOtherWords(t *testing.T) {
	for _, tt := range []struct{ field, text string }{
		{"product.name_zh", "示例组件 温室气体排放75千克/块"},
		{"product.name_en", "Demo module, GHG emissions 75 kg per module"},
		{"product.name_en", "Demo module, greenhouse gas 75 kg per module"},
		{"product.name_en", "Demo module PCF 75 kg/pc"},
		{"product.name_zh", "示例组件 碳排仅75千克/块"},
		{"product.name_zh", "示例组件 碳足迹仅七十五千克每块"},
		{"product.name_zh", "示例组件 碳足迹：柒拾伍千克"},
		{"product.name_en", "Demo module carbon footprint seventy-five kilograms"},
		{"product.name_en", "Demo module 75㎏ CO2"},
		{"product.name_en", "Demo module 75 kilograms carbon dioxide"},
		{"product.name_en", "Demo module, emissions: 75 kg/module"},
		{"product.name_en", "Demo module C0₂ 75 kg"},
		{"product.name_en", "Demo module, C0₂-neutral"},
		{"product.name_zh", "示例组件 二氧化碳 七十五 千克"},
		{"product.model", "PCF75KG"},
		{"product.name_zh", "负碳示例光伏组件"},
		{"product.name_en", "Carbon-negative Demo PV module"},
		{"product.name_en", "Climate-positive Demo PV module"},
		{"product.name_en", "Carbon-free Demo PV module"},
		{"product.name_zh", "无碳示例组件"},
		{"product.name_en", "Demo module 100% carbon offset"},
		{"product.name_zh", "示例组件 碳抵消100%"},
		{"not_applicable[0].reason", "本厂温室气体排放仅75千克/块，无入厂运输"},
	} {
		st := mustDemoStudy(t)
		p := &st.Product
		st.NotApplicable = append(st.NotApplicable, footprint.StageNotApplicable{Stage: "A3", Reason: "made on site"})
		*map[string]*string{"product.name_en": &p.Name, "product.name_zh": &p.NameZH, "product.model": &p.Model,
			"not_applicable[0].reason": &st.NotApplicable[0].Reason}[tt.field] = tt.text
		err := certification.CheckPrintable(st)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q: accepted (%v), printed beside the certified 150 kgCO2e; want 400 invalid naming %s", tt.field, tt.text, err, tt.field)
		}
	}
}

// Red team 18: the serials of green-power instruments are applicant text
// the certificate prints (electricity.instruments[i]: kind, first – last
// serial, MWh), and no claim check reads them. The demo batch renamed
// CARBON-NEUTRAL-2025-000001 to CARBON-NEUTRAL-2025-001000, or numbered
// as this service's certificates (CDPCF-2026-000001 to
// CDPCF-2026-001000), is accepted (a serial holds letters, digits and
// -_./:#), and the certificate prints "carbon neutral" or another
// certificate's number beside its figure. A correct service refuses it at
// application naming the serial, as it refuses the same words in a model.
func TestRedteam18_ClaimsInInstrumentSerials(t *testing.T) {
	for _, prefix := range []string{"CARBON-NEUTRAL-2025-", "NET-ZERO-2025-", "CDPCF-2026-"} {
		st := mustDemoStudy(t)
		in := st.Electricity[0].Instruments[0]
		in.Serial, in.SerialLast = prefix+"000001", prefix+"001000"
		err := certification.CheckPrintable(st)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" {
			t.Errorf("instrument batch %s000001 to %s001000: %v; want 400 invalid naming electricity[0].instruments[0].serial", prefix, prefix, err)
		}
	}
}
