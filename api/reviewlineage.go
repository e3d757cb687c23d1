package api

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// signedLineages checks the lineage entries of r (ReviewRecords.Lineages:
// for the certificate application a supersedes and for each peer, the
// certificates before it that the review compares the study with) against
// each certificate's own record (red team 54). The store keeps an entry
// apart from the records, as content without its signature, and the review
// compared the study with it unchecked: an entry edited to a lower figure
// hid a drop of the study below the figure its lineage was signed at. Each
// certificate of an entry is now compared as its record holds it too (r's
// lineages gain the record's certificate when it differs; LineageDrop takes
// the furthest drop), and a warning names a certificate whose entry is not
// its record, or whose record is missing or fails the signature check.
func (s *Server) signedLineages(ctx context.Context, a *certification.Application, r *certification.ReviewRecords, check func(*certification.CertificateRecord) error) ([]reviewWarning, error) {
	var out []reviewWarning
	warned := map[uuid.UUID]bool{}
	lineages := make(map[string][]*certification.Certificate, len(r.Lineages))
	for _, id := range slices.Sorted(maps.Keys(r.Lineages)) { // warnings in one order: the review's digest covers them
		path := "product.model"
		if id == a.Supersedes.String() {
			path = "supersedes"
		}
		var l []*certification.Certificate
		for _, p := range r.Lineages[id] {
			l = append(l, p)
			rec, err := s.CertificationService.FindCertificateByID(ctx, p.ID)
			missing := footprint.ErrorCode(err) == footprint.ENOTFOUND || certification.FailsRecordCheck(err)
			if err != nil && !missing {
				return nil, err
			}
			differs, fails := false, missing
			if !missing {
				c := rec.Certificate()
				if differs, fails = !reflect.DeepEqual(c, p), check(rec) != nil; differs {
					l = append(l, c)
				}
			}
			if (!differs && !fails) || warned[p.ID] {
				continue
			}
			warned[p.ID] = true
			what, whatZH := "its record fails the service's digital signature check (its record was edited, or its key is lost)", "其存储记录未通过本服务的数字签名验证(签名未通过验证;记录被修改,或其密钥已丢失)"
			switch {
			case missing:
				what, whatZH = "its record is missing or does not hold its own signed content", "其存储记录缺失,或所存并非其自身的签名内容"
			case differs:
				what, whatZH = "the store's lineage entry of it is not its signed record (the review compares the study with its record's figures too)", "存储中其系列条目与其签名记录不一致(本审核也与其记录中的数值比较)"
			}
			args := []any{p.Number, what, whatZH}
			out = append(out, reviewWarning{Path: path,
				Message:   fmt.Sprintf("Certificate %[1]s, earlier in a lineage this review compares the study with, is read from the store's lineage entry, and %[2]s: a drop of the study below the figure it signed may go unnamed; tell the service's operator and compare with the certificate as its holder holds it before deciding", args...),
				MessageZH: fmt.Sprintf("本审核与之比较的证书系列中较早的证书 %[1]s 读自存储的系列条目,而%[3]s:本研究低于其签名数值的降幅可能未被指出;请告知本服务的运营方,并在决定前与持证方所持的证书比较", args...)})
		}
		lineages[id] = l
	}
	r.Lineages = lineages
	return out, nil
}

// linkedCertificate is the certificate id the review of application a
// shows in a row of its own: the one a supersedes as the review's records
// r read it (certification.ReviewRecords.Superseded, in the snapshot of
// the rest: it was read again apart, a third time, and could be another
// state of the store than the one r.State names), the one issued on a as
// the store gives it now.
func (s *Server) linkedCertificate(ctx context.Context, a *certification.Application, r *certification.ReviewRecords, id uuid.UUID) (*certification.CertificateRecord, error) {
	if id != a.Supersedes {
		return s.CertificationService.FindCertificateByID(ctx, id)
	}
	if r.Superseded == nil || r.Superseded.Certificate().ID != id {
		return nil, fmt.Errorf("review records of application %s: superseded certificate %s not read", a.ID, id)
	}
	return r.Superseded, nil
}
