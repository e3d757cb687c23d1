package footprinttest

import (
	"math/rand/v2"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
)

// SystemFactorCodes are the mass-based factors of the test snapshot that
// the generated product systems (TreeBOM, DAG) cycle through.
var SystemFactorCodes = []string{
	"PV-GLASS-FLOAT", "PV-AL-PROFILE", "MAT-CU-CN", "MAT-STEEL-CR", "MAT-PP-CN",
	"ELEC-PSU", "ELEC-DISP-GLASS", "ELEC-BATT-LIION-DESNZ", "MAT-GLASS-FLAT-CN", "PV-SILVER",
}

var (
	kg    = footprint.MustParseUnit("kg")
	piece = footprint.MustParseUnit("piece")
)

// TreeBOM returns a bill of materials of exactly n lines nested five levels
// deep: groups of a four-level chain of inline sub-assemblies whose deepest
// level holds the leaves (n = 10 is one group of 4 + 6 lines; larger n are
// groups of 4 + 21). The leaves cycle through SystemFactorCodes; every
// tenth has its own data-quality scores. It is the same for the same n.
func TreeBOM(n int) []*footprint.BOMLine {
	var bom []*footprint.BOMLine
	leafCode := 0
	for made := 0; made < n; {
		size := min(25, n-made)
		var deepest []*footprint.BOMLine
		for j := range size - 4 {
			l := &footprint.BOMLine{Name: "part", Quantity: 0.01 + float64(j)*0.001, Unit: kg, ScrapPct: 1, Factor: SystemFactorCodes[leafCode%len(SystemFactorCodes)]}
			if leafCode%10 == 0 {
				l.Quality = &footprint.DataQuality{TeR: 2, GR: 1, TiR: 2, P: 3}
			}
			leafCode++
			deepest = append(deepest, l)
		}
		level := &footprint.BOMLine{Name: "level 4", Quantity: 1, Unit: piece, Children: deepest}
		for _, name := range []string{"level 3", "level 2", "level 1"} {
			level = &footprint.BOMLine{Name: name, Quantity: 1, Unit: piece, Children: []*footprint.BOMLine{level}}
		}
		bom = append(bom, level)
		made += size
	}
	return bom
}

// DAGSeed is the seed of the generated systems of the tests and benchmarks.
const DAGSeed = 14

// DAG returns a generated product system whose named sub-assemblies are
// shared: nodes assemblies in levels levels of equal size (the remainder
// in the top level), each used by exactly parents lines of the level above,
// the top level by parents lines of the BOM each. Every assembly has one
// factor line of its own (the bottom level two); every fifth of those is
// primary data and every seventh has its own data-quality scores.
// Quantities (1 to 1.5 pieces per use, 1 to 10 g per factor line), scrap
// rates (0 to 5 %) and factors are drawn from a PCG seeded with seed, so
// the same arguments give the same system.
func DAG(seed uint64, nodes, levels, parents int) ([]*footprint.Assembly, []*footprint.BOMLine) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	size := make([]int, levels)
	for k := range size {
		size[k] = nodes / levels
	}
	size[0] += nodes - levels*(nodes/levels)
	level := make([][]*footprint.Assembly, levels)
	var all []*footprint.Assembly
	leaf := 0
	factorLine := func() *footprint.BOMLine {
		l := &footprint.BOMLine{
			Name: "material", Quantity: 0.001 + rng.Float64()*0.009, Unit: kg, ScrapPct: rng.Float64() * 5,
			Factor: SystemFactorCodes[rng.IntN(len(SystemFactorCodes))], Primary: leaf%5 == 0,
		}
		if leaf%7 == 0 {
			l.Quality = &footprint.DataQuality{TeR: 1 + rng.IntN(3), GR: 1 + rng.IntN(3), TiR: 1 + rng.IntN(3), P: 1 + rng.IntN(3)}
		}
		leaf++
		return l
	}
	for k := range levels {
		for i := range size[k] {
			a := &footprint.Assembly{ID: "a" + strconv.Itoa(k) + "-" + strconv.Itoa(i), Name: "assembly", Amount: 1, Unit: piece}
			a.Lines = append(a.Lines, factorLine())
			if k == levels-1 {
				a.Lines = append(a.Lines, factorLine())
			}
			level[k] = append(level[k], a)
			all = append(all, a)
		}
	}
	// use deals the parents uses of every assembly of children, in a random
	// order, to the n parents round robin.
	use := func(children []*footprint.Assembly, n int, add func(parent int, l *footprint.BOMLine)) {
		slots := make([]*footprint.Assembly, 0, parents*len(children))
		for _, c := range children {
			for range parents {
				slots = append(slots, c)
			}
		}
		rng.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
		for i, c := range slots {
			add(i%n, &footprint.BOMLine{Name: "sub-assembly", Quantity: 1 + float64(rng.IntN(3))*0.25, Unit: piece, Assembly: c.ID})
		}
	}
	for k := 1; k < levels; k++ {
		parentsOf := level[k-1]
		use(level[k], len(parentsOf), func(p int, l *footprint.BOMLine) { parentsOf[p].Lines = append(parentsOf[p].Lines, l) })
	}
	var bom []*footprint.BOMLine
	use(level[0], parents*len(level[0]), func(_ int, l *footprint.BOMLine) { bom = append(bom, l) })
	return all, bom
}
