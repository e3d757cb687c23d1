package api

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// supplierSignatureWarnings are the study page's warnings of the study's
// supplier certificates whose record fails the server's signature check
// (red team 53): the application and the issue refuse such a study, and
// the study page said nothing of it, so its manufacturer learnt of it from
// a refusal only, while the certifier's review names it. None without a
// certification service or keys to check against (as the review).
func (s *Server) supplierSignatureWarnings(ctx context.Context, st *footprint.Study) ([]reviewWarning, error) {
	refs := st.SupplierCertificateRefs()
	if s.CertificationService == nil || s.KeyService == nil || len(refs) == 0 {
		return nil, nil
	}
	check, err := s.reviewSignatureCheck(ctx)
	if err != nil {
		return nil, err
	}
	var out []reviewWarning
	for _, ref := range refs {
		var rec *certification.CertificateRecord
		if byRef, ok := s.CertificationService.(certificateByRef); ok {
			rec, err = byRef.FindCertificateByRef(ctx, ref)
		} else if id, perr := uuid.Parse(ref); perr == nil {
			rec, err = s.CertificationService.FindCertificateByID(ctx, id)
		} else {
			continue // a number, with no lookup by number: the review says not found
		}
		switch {
		case footprint.ErrorCode(err) == footprint.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		case check(rec) == nil:
			continue
		}
		n := rec.Certificate().Number
		out = append(out, reviewWarning{Path: pact.SupplierLinePath(st, ref),
			Message:   fmt.Sprintf("supplier certificate %s on record fails the service's digital signature check: its figures are not the ones it signed (its record was edited, or its key is lost), and this study's figure rests on them; no certificate is issued on it: calculate the study again without it (ask the supplier for its certificate as it stands), and tell the service's operator", n),
			MessageZH: fmt.Sprintf("供应商证书 %s 的存储记录未通过本服务的数字签名验证(签名未通过验证):其数值不是其签名所覆盖的数值(记录被修改,或其密钥已丢失),而本研究的数值以其为基础;不会以其签发证书:请不使用该记录重新计算研究(向供应商核实其证书),并告知本服务的运营方", n)})
	}
	return out, nil
}
