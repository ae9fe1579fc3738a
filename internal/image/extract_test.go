package image

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Extract lays out exactly the image's files with their modes, and the
// binary it unpacks runs.
func TestExtract(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "root")
	if err := Extract(build(t, Triage, inputs()), dir); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			got = append(got, p[len(dir):]+" "+fi.Mode().String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{Triage.CACerts + " -rw-r--r--", Triage.Binary + " -rwxr-xr-x"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("extracted %q, want %q", got, want)
	}
	if out, err := exec.Command(filepath.Join(dir, Triage.Binary)).Output(); err != nil || string(out) != "hello from a static binary\n" {
		t.Fatalf("the unpacked binary: %q %v", out, err)
	}
	if err := Extract(build(t, Triage, inputs()), dir); err == nil {
		t.Fatal("extracting over existing files succeeded")
	}
}
