package api

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// successorOutputWarnings is the review warning, at reference_output, of a
// study st that supersedes certificate rec and spreads green-power
// instruments over a smaller output a day than the study of rec stated
// for a period they share, in the same declared unit (red team 91). An
// instrument covers mwh × 1000 / reference_output kWh of each declared
// unit (docs/integrity.md §8), and a successor takes over the instruments
// of its lineage: the demo module certified with its 1,000 MWh of green
// certificates over 500,000 modules (2 kWh of its 6.483 a module) was
// superseded, for the same 2025, by the same study stating 154,250
// modules, its certificates then covering 6.48298 of its 6.483 kWh, 150.10 → 147.89
// kgCO2e (−1.5 %, under the lineage's 10 % warning) with no word. Both
// outputs are the holder's word, which no study can check (§8); that one
// contradicts the other for the same days is what the certifier is shown,
// with the kWh the instruments cover a unit in each. None when the study
// claims no instrument, the periods share no day, or the declared units
// differ.
func (s *Server) successorOutputWarnings(ctx context.Context, st *footprint.Study, rec *certification.CertificateRecord) ([]reviewWarning, error) {
	if st.Result == nil || !slices.ContainsFunc(st.Electricity, func(l *footprint.ElectricityLine) bool { return l != nil && len(l.Instruments) > 0 }) {
		return nil, nil
	}
	old, err := s.StudyService.FindStudyByID(ctx, rec.Certificate().StudyID)
	if footprint.ErrorCode(err) == footprint.ENOTFOUND {
		return nil, nil // the certificate's study is not in this store (a restore of another's copy): nothing to compare
	} else if err != nil {
		return nil, err
	}
	p, q := st.ReferencePeriod, old.ReferencePeriod
	if old.Result == nil || p.IsZero() || q.IsZero() || !p.Overlaps(q) || st.DeclaredUnit != old.DeclaredUnit || !(old.ReferenceOutput > 0) || !(st.ReferenceOutput > 0) {
		return nil, nil
	}
	perDay := func(output float64, p footprint.Period) float64 { return output / (p.End.Sub(p.Start).Hours()/24 + 1) }
	if perDay(st.ReferenceOutput, p) >= perDay(old.ReferenceOutput, q) {
		return nil, nil
	}
	g := func(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 6), 'f', -1, 64) }
	args := []any{g(st.ReferenceOutput), p, rec.Certificate().Number, g(old.ReferenceOutput), q, g(st.Result.Electricity.InstrumentKWh), g(old.Result.Electricity.InstrumentKWh), st.DeclaredUnit}
	return []reviewWarning{{Path: "reference_output",
		Message: fmt.Sprintf("The study states a reference output of %[1]s declared units for %[2]s, where the study of certificate %[3]s it supersedes stated %[4]s for %[5]s, a period sharing days with it, a larger output a day: "+
			"the green-power instruments are spread over the output, so a smaller one lets the same MWh cover more of each unit's electricity (here %[6]s kWh per %[8]s, where they covered %[7]s); "+
			"check the output against the production records of the period, and ask why it changed", args...),
		MessageZH: fmt.Sprintf("本研究声明 %[2]s 的产量（reference_output）为 %[1]s 个声明单位，而其替代的证书 %[3]s 的研究声明 %[5]s 为 %[4]s，两者期间有共同的日期，且后者日均产量更高："+
			"绿电凭证按产量分摊，产量越小，同样的兆瓦时覆盖每个单位的用电越多（此处每 %[8]s 覆盖 %[6]s kWh，原为 %[7]s）；"+
			"请对照该期间的生产记录核实产量，并问明其变化的原因", args...)}}, nil
}
