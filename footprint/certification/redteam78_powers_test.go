package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red team 78: powers a reader reads in a product's name that checkPowers
// did not. The demo module is rated 433.6 Wp; each name below states 550 W
// (21 % more, the per-kWp figure 21 % less to its reader) and was accepted:
// Chinese positional numerals (五百五十瓦, as a Chinese name writes a number
// in words), the English compound adjective ("a 550-W module", "550-watt"),
// "Wpeak", megawatts (MW, 兆瓦), a number split by a zero-width space, and a
// decimal comma ("0,55 kW" read as 55 kW was refused for the wrong power;
// "433,6 W", the rated power itself, read as 6 W, was refused). Ensure the
// first are refused naming the field, and the honest ones with a decimal
// comma or written in words are accepted.
func TestRedteam78_PowersWrittenOtherwise(t *testing.T) {
	checkPowerCases(t, []claimCase{
		{"product.name_zh", "示例单晶硅光伏组件 五百五十瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 伍佰伍拾瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 五百五十瓦特"},
		{"product.name_zh", "示例单晶硅光伏组件 零点五五千瓦"},
		{"product.name", "Demo mono-Si PV module, a 550-W module"},
		{"product.name", "Demo mono-Si PV module 550-watt"},
		{"product.name", "Demo mono-Si PV module 550 Wpeak"},
		{"product.name", "Demo mono-Si PV module 0.00055 MWp"},
		{"product.name_zh", "示例单晶硅光伏组件 0.00055兆瓦"},
		{"product.name", "Demo mono-Si PV module 0,55 kWp"},
		{"product.name", "Demo mono-Si PV module 550\u200bW"},
	}, []claimCase{
		{"product.name", "Demo mono-Si PV module 433,6 W"},
		{"product.name", "Demo mono-Si PV module 0,43 kWp"},
		{"product.name_zh", "示例单晶硅光伏组件 四百三十瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 四百三十五瓦"},
		{"product.name", "Demo mono-Si PV module 430 W, 1,500 V"},
		{"product.name", "Demo mono-Si PV module 430 W, 5 mW standby"},
		{"product.name_zh", "示例单晶硅光伏组件 430W 第十二代"},
	})
}

// Red team 78: Chinese numbers in words, as powers reads them.
func TestRedteam78_HanWords(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"示例组件 五百五十瓦", "示例组件 550瓦"}, {"伍佰伍拾瓦", "550瓦"}, {"零点五五千瓦", "0.55千瓦"},
		{"五百五十千瓦", "550千瓦"}, {"五千瓦", "5000瓦"}, {"十二瓦", "12瓦"}, {"一万零五瓦", "10005瓦"},
		{"千瓦时", "千瓦时"}, {"万能 十瓦", "万能 10瓦"}, {"五五〇瓦", "五五〇瓦"}, {"两百瓦", "200瓦"},
	} {
		if got := certification.HanWordsForTest(tt.in); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
	}
}
