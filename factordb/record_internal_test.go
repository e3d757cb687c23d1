package factordb

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Ensure records written before the domain, wire and record types were
// merged (schema 1, as the separate record structs wrote them) still decode
// and re-encode to the same bytes: existing database files keep working,
// and files written now read the same in older programs.
func TestRecords_SchemaOneFormat(t *testing.T) {
	for _, tt := range []struct {
		name string
		rec  record
		json string
	}{
		{"Organization", &orgRecord{}, `{"v":1,"name":"Demo Certification Centre","role":"certifier","created_at":"2026-03-02T08:00:00Z","name_zh":"示例认证中心","approval_number":"CNCA-R-2026-999"}`},
		{"OrganizationMinimal", &orgRecord{}, `{"v":1,"name":"Chengdu SAMR","role":"regulator","created_at":"2026-03-02T08:00:01Z"}`},
		{"ApplicationPending", &applicationRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","study_id":"6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21","manufacturer":"Demo Module Co.","certifier":"Demo Certification Centre","status":"pending","created_at":"2026-03-02T08:00:02Z"}`},
		{"ApplicationIssued", &applicationRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","study_id":"6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21","manufacturer":"Demo Module Co.","certifier":"Demo Certification Centre","status":"issued","created_at":"2026-03-02T08:00:02Z","decided_at":"2026-03-02T08:00:09Z","certificate_id":"7c4154bc-0a1b-4c2d-8e3f-405162738495"}`},
		{"ApplicationRejected", &applicationRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","study_id":"6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21","manufacturer":"Demo Module Co.","certifier":"Demo Certification Centre","status":"rejected","reasons":["transport data missing"],"created_at":"2026-03-02T08:00:02Z","decided_at":"2026-03-02T08:00:09Z"}`},
		{"AuditEvent", &auditRecord{}, `{"v":1,"id":"0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b","at":"2026-03-02T08:00:09Z","actor":"Demo Certification Centre","role":"certifier","key_id":"9a1b2c3d4e5f6a7b","action":"certificate.issue","subject":"certificate/7c4154bc-0a1b-4c2d-8e3f-405162738495","detail":"number CDPCF-2026-000001"}`},
		{"AuditEventSystem", &auditRecord{}, `{"v":1,"id":"0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b","at":"2026-03-02T08:00:09Z","actor":"system","action":"factor-set.publish","subject":"factor-set/2026.1"}`},
		{"AuditEventChained", &auditRecord{}, `{"v":1,"id":"0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b","at":"2026-03-02T08:00:09Z","actor":"system","action":"factor-set.publish","subject":"factor-set/2026.1","seq":1,"prev":"0000000000000000000000000000000000000000000000000000000000000000","digest":"9c7bfb1b0ad0b5d3e0a45e4f1fa4ad1f0b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"}`},
		{"Product", &productRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","owner":"Demo Module Co.","created_at":"2026-03-02T08:00:03Z","product":{"name":"Laptop","name_zh":"笔记本电脑","model":"L-1","manufacturer":"Demo","site":"Chengdu","product_codes":["HS:847130","CNPC:3911"],"gtin":"06901234567892","mass_kg":1.5,"use":{"annual_kwh":30,"lifetime_years":4,"country":"CN","factor":"ELEC-CN-NAT-CF-2024"}}}`},
		// The fields added since the merge, as today's code writes them: an
		// organisation with its register and when it was stated, an
		// application with what it supersedes and its product (the demo
		// module's certificate of footprint/certification/testdata/format1),
		// a PV module with the seed study's sizes (seed/studies/pv-module.json).
		{"OrganizationRegister", &orgRecord{}, `{"v":1,"name":"Demo Certification Centre","role":"certifier","created_at":"2026-03-02T08:00:00Z","address":"Chengdu, Sichuan, China","approval_number":"CNCA-R-2026-999","signatories":["Zhang San"],"scope":["pv-module"],"register_at":"2026-03-03T08:00:00Z"}`},
		{"ApplicationWithProduct", &applicationRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","study_id":"3ac7496b-dfbc-44cc-8c4e-c899ab006dc2","manufacturer":"Demo Module Co.","certifier":"Demo Certification Centre","supersedes":"7c4154bc-0a1b-4c2d-8e3f-405162738495","status":"issued","created_at":"2026-12-02T03:18:00Z","decided_at":"2026-12-02T03:18:10Z","certificate_id":"2a925707-d23b-4608-9ca9-3f291b229a84","product":{"name_zh":"示例单晶硅光伏组件(54片M10电池,108半片)","name":"Demo mono-Si PV module, 54 M10 cells (108 half-cells)","model":"DEMO-M10-54","kg_co2e":150.099534125,"declared_unit":{"amount":1,"unit":"piece","label_zh":"块组件","label_en":"module"}}}`},
		{"ProductPVModule", &productRecord{}, `{"v":1,"id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","owner":"Demo Module Co.","created_at":"2026-03-02T08:00:03Z","product":{"name":"Demo mono-Si PV module, 54 M10 cells (108 half-cells)","name_zh":"示例单晶硅光伏组件(54片M10电池,108半片)","model":"DEMO-M10-54","manufacturer":"Demo Module Co. (示例组件厂)","site":"Chengdu, Sichuan, China (demo site)","site_region":"CN-SC","product_codes":["HS:854143"],"mass_kg":25.857,"rated_power_wp":433.6,"area_m2":1.952748,"cell_technology":"mono-Si (PV_ICE 2024 average module efficiency 22.21 %)"}}`},
		// A certificate's record keeps its own shape (the signed bytes, the
		// UUIDs as text, the filter fields): fixed here so that a later
		// merge into certification.CertificateRecord keeps the stored bytes.
		{"CertificateSuperseded", &certificateRecord{}, `{"v":1,"id":"2a925707-d23b-4608-9ca9-3f291b229a84","number":"CDPCF-2026-000001","content":"eyJmb3JtYXQiOiJwY2YtY2VydGlmaWNhdGUvMSJ9","key_id":"01d447ed123ff1f1","signature":"SYDqE+2LuB4oA/wOI/z460BnknVAI1rfb/nG20s03erE6hcr6dg1Q8bQn8lMAYatSEsVof1wLwWubTim5moaBQ==","status":"superseded","status_changed_at":"2026-12-03T08:00:00Z","confirmed_at":"2026-12-02T09:00:00Z","superseded_by":"7c4154bc-0a1b-4c2d-8e3f-405162738495","superseded_at":"2026-12-03T08:00:00Z","application_id":"3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80","manufacturer":"Demo Module Co.","certifier":"Demo Certification Centre","suppliers":["0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b"],"supplier_flags":[{"certificate":"0b8e2f5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b","number":"CDPCF-2026-000002","status":"withdrawn","at":"2026-12-02T10:00:00Z"}],"product_codes":["HS:854143"],"rule":"pv-module","companies":["Demo Module Co.","Demo Module Co. (示例组件厂)"],"expires_at":"2028-12-02T03:18:10Z"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := decodeJSON([]byte(tt.json), tt.rec); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.json {
				t.Fatalf("re-encoded\n%s\nwant\n%s", b, tt.json)
			}
		})
	}
}

// Ensure a record that does not decode is named as its caller names it
// (an application by its UUID), not by its binary key quoted byte by byte.
func TestFindJSON_DamagedRecordNamedByItsID(t *testing.T) {
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "db"))
	t.Cleanup(func() { db.Close() })
	id := uuid.MustParse("3f1c2a54-8e9b-4c3d-a1f2-3b4c5d6e7f80")
	err := db.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(applicationsBucket).Put(id[:], []byte(`{"v":1,"id":`)); err != nil {
			return err
		}
		var rec applicationRecord
		return findJSON(tx.Bucket(applicationsBucket), id[:], &rec, "application %s not found", id)
	})
	if err == nil || !strings.Contains(err.Error(), "record of application "+id.String()+":") || strings.Contains(err.Error(), `\x`) {
		t.Fatalf("err = %v, want it to name record of application %s", err, id)
	}
}
