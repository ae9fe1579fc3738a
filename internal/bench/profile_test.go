package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileStartsAtFirstFetched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	p := newProfile(path)
	var n int64
	fetched := p.start(func() int64 { return n })
	fetched()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("profile file exists before the first record: %v", err)
	}
	n = 1
	fetched()
	if err := p.stop(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) { // pprof profiles are gzipped protobuf
		t.Fatalf("not a pprof profile: %v, % x", err, b[:min(len(b), 4)])
	}
}

func TestProfileReportsUnwritablePath(t *testing.T) {
	p := newProfile(filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.pprof"))
	p.start(func() int64 { return 1 })()
	if err := p.stop(); err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Fatalf("got %v, want a --cpuprofile error", err)
	}
}

func TestNoProfileWithoutPath(t *testing.T) {
	p := newProfile("")
	f := func() int64 { return 1 }
	p.start(f)()
	if err := p.stop(); err != nil || p.f != nil {
		t.Fatalf("no path: %v, file %v", err, p.f)
	}
}
