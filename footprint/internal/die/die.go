// Package die checks that a study counting integrated circuits by the area
// of their die also counts their packages (docs/integrity.md, red team 71).
//
// A die-area factor counts the wafer a chip is cut from, not the chip as it
// is bought: Boavizta's factors, which the seed set takes from UBA 2021,
// are 1.97 kgCO2e per cm² of CPU die "plus 9.14 kgCO2e fixed per CPU
// package (base)", and memory "adds 5.22 kg/module base; SSD adds 6.34
// kg/unit base" (reference/factors.md §4, the factors' own notes). A study
// that counts its processor as die area alone leaves the base out, and no
// published set holds the base as a factor of its own (docs/seed.md).
//
// It knows no domain types: footprint feeds it each factor and supplier
// footprint its bill of materials counts, and turns the warnings it returns
// into warnings of the result.
package die

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Code is a product code ("HS:854231"): Meets reports whether two codes
// may be of one product (the same scheme, one code a prefix of the other).
type Code[C any] interface {
	String() string
	Meets(C) bool
}

// Line is a factor or a supplier footprint that counted lines of a study's
// bill of materials use, with a positive quantity.
type Line[C Code[C]] struct {
	Path     string  // its first line, e.g. "bom[3].children[1]"
	Factor   string  // the factor's code; "" for a supplier footprint
	Supplier string  // the supplier footprint's ID
	Codes    []C     // its product codes
	Note     string  // a factor's note, where its source states the base
	Die      bool    // a factor per area of die (its unit qualified "die")
	Items    float64 // single items (pieces) of it per declared unit: of a chip, packages; 0 if not per item
}

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Unbased returns a warning at the first line of each factor per area of
// die (in code order) when the lines per single item of a product of its
// codes (a factor, or a supplier's footprint, of a packaged chip) count
// fewer items per declared unit than pieces, the pieces of product a
// declared unit is (less 1 % rounding; when pieces is unknown, 0, at least
// some): a product with a die of a code has a package of it, and the base
// per package that the die-area factor leaves out is otherwise not counted,
// or counted for a fraction of a chip. A die factor without codes is warned
// too: no package can be of it. A warning, not a refusal: no published set
// holds a factor per package, and a supplier's footprint per piece of the
// packaged chip, which counts it, is the manufacturer's to obtain.
func Unbased[C Code[C]](lines []Line[C], pieces float64) []Warning {
	var ws []Warning
	dies := slices.DeleteFunc(slices.Clone(lines), func(l Line[C]) bool { return !l.Die })
	if len(dies) == 0 {
		return nil
	}
	slices.SortFunc(dies, func(a, b Line[C]) int { return cmp.Compare(a.Factor, b.Factor) })
	// Summed in one order, whatever order they come in (the engine
	// gathers them from maps): a sum of floats taken in another order can
	// print otherwise ("0.9001" beside "0.9"). A factor's code, or a
	// supplier footprint's ID, names a line.
	lines = slices.Clone(lines)
	slices.SortFunc(lines, func(a, b Line[C]) int {
		return cmp.Or(cmp.Compare(a.Factor, b.Factor), cmp.Compare(a.Supplier, b.Supplier))
	})
	for _, d := range dies {
		items := 0.0
		for _, l := range lines {
			if l.Items > 0 && !math.IsInf(l.Items, 0) && slices.ContainsFunc(l.Codes, func(c C) bool { return slices.ContainsFunc(d.Codes, c.Meets) }) {
				items += l.Items
			}
		}
		if items > 0 && items >= pieces*0.99 {
			continue
		}
		codes := make([]string, len(d.Codes))
		for i, c := range d.Codes {
			codes[i] = c.String()
		}
		of, ofZH := strings.Join(codes, ", "), strings.Join(codes, "、")
		if of == "" {
			of, ofZH = "its codes (it has none)", "其产品编码(该因子没有)"
		}
		n := strconv.FormatFloat(items, 'g', 4, 64)
		p := strconv.FormatFloat(pieces, 'g', 6, 64)
		ws = append(ws, Warning{d.Path,
			fmt.Sprintf("factor %s counts integrated circuits by the area of their die, which leaves out what its source adds per package (the factor's note: %q), and the bill of materials counts %s pieces of %s per declared unit (a supplier's footprint, or a factor, per piece of the packaged chip), fewer than one per piece of product (%s per declared unit): count each chip's package, or the figure is understated by the base of every chip", d.Factor, d.Note, n, of, p),
			fmt.Sprintf("因子 %s 按晶粒面积计算集成电路,未包括其来源按每个封装另计的部分(因子注释:%q),而物料清单每声明单位只计入 %s 件 %s(封装后芯片按件的供应商足迹或因子),少于每件产品一件(每声明单位 %s 件产品):请计入每个芯片的封装,否则结果少计了每个芯片的基础排放", d.Factor, d.Note, n, ofZH, p)})
	}
	return ws
}
