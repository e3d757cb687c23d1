package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// readReference returns the reference dataset, ../shared/reference/factors.csv
// beside the repository, or skips the test where it is not.
func readReference(t *testing.T) []byte {
	t.Helper()
	ref, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "reference", "factors.csv"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("reference dataset ../shared/reference/factors.csv not found beside the repository")
	} else if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestGenerate_UpToDate(t *testing.T) {
	// Ensure the committed seed/data/factors.csv is exactly what the
	// generator makes from the reference dataset, so nobody edits the
	// generated file by hand or forgets to regenerate it.
	var got bytes.Buffer
	if err := generate(bytes.NewReader(readReference(t)), &got); err != nil {
		t.Fatal(err)
	}
	want := footprinttest.ReadFile(t, filepath.Join("..", "..", "data", "factors.csv"))
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatal("seed/data/factors.csv is stale: run go run ./seed/internal/gen -ref ../shared/reference/factors.csv -out seed/data/factors.csv")
	}
}

func TestGenerate_Deterministic(t *testing.T) {
	// Ensure two runs on the same input give the same bytes (map iteration
	// order must not leak into the output).
	ref := readReference(t)
	var a, b bytes.Buffer
	if err := generate(bytes.NewReader(ref), &a); err != nil {
		t.Fatal(err)
	}
	if err := generate(bytes.NewReader(ref), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs differ")
	}
}

func TestGenerate_UnmappedRow(t *testing.T) {
	// Ensure a reference row the mapping tables do not cover fails the
	// generator instead of getting a guessed category or source (a covered
	// row passes).
	for _, tt := range []struct{ name, row, want string }{
		{"OK", `X-1,n,名,materials,1,kgCO2e/kg,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, ""},
		{"UnknownSource", `X-1,n,名,materials,1,kgCO2e/kg,CN,2024,Some new database,[Q:C] x`, "no source mapping"},
		{"UnknownGeography", `X-1,n,名,materials,1,kgCO2e/kg,Mars,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "no geography mapping"},
		{"UnmappedPVRow", `PV-NEW,n,名,pv,1,kgCO2e/kg,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "no category mapping"},
		{"NoGrade", `X-1,n,名,materials,1,kgCO2e/kg,CN,2024,"CPCD literature data (41233X0012019A)",no tag`, "grade tag"},
		{"UnknownGrade", `X-1,n,名,materials,1,kgCO2e/kg,CN,2024,"CPCD literature data (41233X0012019A)",[Q:Z] x`, "unknown grade"},
		{"BadUnit", `X-1,n,名,materials,1,kgCO2e/furlong,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "unknown activity unit"},
		{"UnmappedTransportRow", `TR-PIPE-1,Pipeline,管道运输,transport,0.01,kgCO2e/t-km,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "no transport mode mapping"},
		{"UnmappedEndOfLifeRow", `EOL-COMPOST-1,Composting,堆肥,end_of_life,10,kgCO2e/t,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "no treatment mapping"},
		{"DuplicateOfExtra", `ELEC-CN-CQ-CO2-2021,n,名,materials,1,kgCO2e/kg,CN,2024,"CPCD literature data (41233X0012019A)",[Q:D] x`, "duplicate code"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := "code,name_en,name_zh,category,value,unit,geography,year,source,notes\n" + tt.row + "\n"
			err := generate(bytes.NewReader([]byte(in)), &bytes.Buffer{})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("err=%v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err=%v, want one containing %q", err, tt.want)
			}
		})
	}
}
