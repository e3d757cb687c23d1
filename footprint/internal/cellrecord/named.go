package cellrecord

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/fold"
	"github.com/chengdu-pcf/pcf/footprint/internal/hannum"
	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// A module's names often state its cells: the demo's "54 M10 cells (108
// half-cells)", "54片M10电池,108半片", a "144 half-cut cells" or a "60-cell"
// module. The name is printed on the certificate, so a bill of materials
// with fewer cells than it states certifies a figure for another module
// (rt56: the demo's names kept with 47 cells of 54, each at the record
// efficiency and the wafer's weight, the frame cut: 150.10 → 134.79, −10.2 %,
// with only the demo's warnings; with 41 cells and the rated power lowered
// to 300 Wp, 129.43, −13.8 %). The count is the applicant's own word, as a
// screen's diagonal is (red team 91): no figure of a cell is needed.
//
// The words are read strictly, so that no honest name is warned:
//   - a count followed by "half-cells", "half cells", "half-cut cells" or
//     "半片" is of half-cells, two to a cell;
//   - a count followed by "full cells", "full-size cells" or "整片" is of
//     cells;
//   - a count followed by "cells", "-cell", "片…电池" (at most one format or
//     technology token between, such as M10, G12, PERC, TOPCon) may be of
//     either: a half-cut module's cells are commonly counted as cells (a
//     "108-cell module" of 54), so it is read as half-cells;
//   - a name that speaks of cells cut otherwise (shingled, 叠瓦, third-cut,
//     三分片) has only its half-cell and full-cell counts read.
//
// The digits must stand alone: "M10 cells" is no count of 10. A cell's
// size is no count either (reviewer 56c): "182半片", "182 half-cell
// module" and "210 half-cut cells" name cells of 182 and 210 mm cut in
// half, and were read as 91 and 105 cells, warning honest modules of 54
// and 66. The sizes are those the reference names (sizes below). Dashes
// and spaces of any kind are read as ASCII's, as a word processor writes
// them (U+2011 in "half‑cells", a no-break space after the count), and a
// measure word may stand before 半片 ("144片半片电池"); each was no count.

var (
	halfRe  = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9.,/]|[^0-9][.,/])(\d{1,4})[\s-]*(?:(?:pcs\.?|片|块)\s*)?(?:(?:half|1/2)[\s-]*(?:cut[\s-]*)?cells?\b|half[\s-]*cut\b|半片)`)
	fullRe  = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9.,/]|[^0-9][.,/])(\d{1,4})[\s-]*(?:(?:pcs\.?\s*)?(?:(?:[a-z]{1,2}\d{1,3}|mono|mono-si|perc|topcon|hjt|ibc|bc|n-type|p-type)[\s-]+)?cells?\b|片\s*(?:[a-z]{1,2}\d{1,3}|单晶|perc|topcon|hjt)?\s*(?:电池|晶硅电池))`)
	wholeRe = regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9.,/]|[^0-9][.,/])(\d{1,4})[\s-]*(?:full[\s-]*(?:size[\s-]*|sized[\s-]*)?cells?\b|整片)`)
	// hanCountRe is a count in Chinese number words before its measure
	// word (五十四片电池, 一百零八半片): read in digits (hannum), it was no
	// count, and a name so written escaped the check (rb57).
	hanCountRe = regexp.MustCompile(`[零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰]+(?:片|块|半片|整片)`)
	cutRe      = regexp.MustCompile(`(?i)shingl|叠瓦|third[\s-]*cut|1/3|三分片|quarter`)

	// sizes are cells' sides in mm, not counts: the rule's 182 mm × 182 mm
	// (pv-module.json cell_m2_source), CPCD catalogue 17100E0322020A
	// "166mm电池片" and 17100E0332020A "210mm电池片"
	// (reference/cpcd/cpcd_catalog.csv).
	sizes = map[int]bool{166: true, 182: true, 210: true}
	// dashes reads dashes and spaces of other kinds as ASCII's, and drops
	// invisible joiners.
	dashes = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-", "\ufe63", "-",
		"\u00a0", " ", "\u2007", " ", "\u2009", " ", "\u202f", " ", "\u3000", " ", "\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "")
)

// Stated returns the most cells (full-cell equivalents) one of texts
// states, and the words that state it; 0 when none does.
func Stated(texts ...string) (cells float64, words string) {
	read := func(t string, re *regexp.Regexp, per float64) {
		for _, m := range re.FindAllStringSubmatchIndex(t, -1) {
			if n, err := strconv.Atoi(t[m[2]:m[3]]); err == nil && !sizes[n] && float64(n)/per > cells {
				cells, words = float64(n)/per, strings.TrimSpace(t[m[2]:m[1]])
			}
		}
	}
	for _, t := range texts {
		t = hanCountRe.ReplaceAllStringFunc(dashes.Replace(fold.Width(t)), func(m string) string {
			i := strings.IndexAny(m, "片块半整")
			return hannum.Digits(m[:i], hannum.Figure) + m[i:]
		})
		read(t, halfRe, 2)
		read(t, wholeRe, 1)
		if !cutRe.MatchString(t) {
			read(t, fullRe, 2)
		}
	}
	return cells, words
}

// Named returns the warning at field when the module's names (texts: the
// product's name and Chinese name) state more cells than the bill of
// materials holds: the cells cover m2 m² per declared unit (of lines in an
// area unit or in pieces), each cell of the size cellM2 of the pieces'
// factor (code), pieces modules per declared unit. kwp and limitPct are
// Record's: a line in a power unit (kwp beyond m2 at limitPct) states no
// count, so the cells counted are those in pieces and m², and the warning
// says the rest state none. Before reviewer 56c such a line, however small,
// turned the check off: the 47-cell route with 0.1 W of PV-CELL-PERC added
// (0.05 kgCO2e) was silent under the demo's names, 134.84 kgCO2e. A zero
// Warning otherwise.
func Named(kwp, m2, limitPct, cellM2, pieces float64, code, field string, texts ...string) Warning {
	if !(cellM2 > 0) || !(m2 > 0) || !(pieces > 0) {
		return Warning{}
	}
	power := kwp-m2*limitPct/100 > 1e-9*kwp
	stated, words := Stated(texts...)
	have := m2 / cellM2 / pieces
	if !(stated > 0) || have >= stated*(1-1e-9) {
		return Warning{}
	}
	rev := slices.Clone(texts)
	slices.Reverse(rev)
	_, wordsZH := Stated(rev...) // the Chinese name's words (texts' last), where it states as many
	in, en, inZH, zh := "", "", "", ""
	if power {
		in, en = " in pieces and m²", ", besides cells in a power unit, which state no number"
		inZH, zh = "以片或 m² 计的", ",另有以功率单位计的电池,未写明片数"
	}
	// A bare count is read as half-cells: say so, or "states 54 cells
	// ("108-cell")" cannot be followed (reviewer 56c).
	half, halfZH := ",", ","
	if !halfRe.MatchString(words) && !wholeRe.MatchString(words) {
		half, halfZH = ", read as half-cells, two to a cell,", ",按半片计,两片为一片,"
	}
	return Warning{field,
		fmt.Sprintf("the product's name states %s cells (%q)%s but the cells of the bill of materials%s cover %s m² per declared unit, %s cells of %s m² (the size %s's definition states) per module%s: the name is printed on the certificate, so the figure would be certified for a module with fewer cells than the one named; check the number of cells against the module's datasheet and the name", num(stated), words, half, in, num(numfmt.RoundSig(m2, 6)), num(numfmt.RoundSig(have, 4)), num(cellM2), code, en),
		fmt.Sprintf("产品名称写明 %s 片电池(“%s”)%s而物料清单中%s电池片每声明单位面积为 %s m²,即每块组件 %s 片 %s m² 的电池(%s 定义所述的尺寸)%s:名称印在证书上,结果将被认证给一块电池片少于所称数量的组件;请对照组件规格书和名称核实电池片数量", num(stated), wordsZH, halfZH, inZH, num(numfmt.RoundSig(m2, 6)), num(numfmt.RoundSig(have, 4)), num(cellM2), code, zh),
	}
}
