package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Where no temporary file can be written (the container image: read-only
// root, no /tmp) the demo still runs, without the catalog, and says so.
func TestDemoRunsWithoutATemporaryDirectory(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	var out bytes.Buffer
	sum, err := Run(context.Background(), &out, Options{Timeout: 60 * time.Second})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "catalog: none") || sum.Grounded != 0 {
		t.Fatalf("want the demo to say it runs without the catalog, grounded %d:\n%s", sum.Grounded, out.String())
	}
	if total(sum.Routed) == 0 || sum.Orders == 0 {
		t.Fatalf("summary %+v: the demo must still decide the samples", sum)
	}
}

func TestWriteCatalog(t *testing.T) {
	path, remove, err := writeCatalog()
	if err != nil {
		t.Fatal(err)
	}
	defer remove()
	if !strings.HasSuffix(path, "catalog.csv") {
		t.Fatalf("path %s", path)
	}
}
