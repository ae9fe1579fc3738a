package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const shared = "../../../../shared/data/"

func TestRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "src", "toy.csv")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"toy.csv": "sentence,label\nhi,GREETING\n", "LICENSE.md": "ODbL", "SOURCE.txt": "toy"} {
		if err := os.WriteFile(filepath.Join(dir, "src", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out", "toy.jsonl")
	tests := []struct {
		name  string
		args  []string
		code  int
		inErr string
	}{
		{"ok", []string{"-src", "hint3", "-in", in, "-out", out}, 0, ""},
		{"missing flag", []string{"-src", "hint3", "-in", in}, 2, "usage: convert"},
		{"bad flag", []string{"-x"}, 2, "flag provided but not defined"},
		{"missing input", []string{"-src", "hint3", "-in", in + ".nope", "-out", out}, 1, "no such file"},
		{"bad source", []string{"-src", "nope", "-in", in, "-out", out}, 1, "unknown source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.inErr) {
				t.Fatalf("code %d (want %d), stderr %s", code, tt.code, stderr.String())
			}
		})
	}
	got, _ := os.ReadFile(out)
	if want := `{"id":"hint3-toy-0001","subject":"","body":"hi","gold":{"queue":"GREETING"}}` + "\n"; string(got) != want {
		t.Errorf("output %q, want %q", got, want)
	}
	for _, name := range []string{"LICENSE.md", "SOURCE.txt"} {
		if _, err := os.Stat(filepath.Join(dir, "out", name)); err != nil {
			t.Errorf("%s not copied beside the output: %v", name, err)
		}
	}
}

// The converted sets in processors/rules/testdata/datasets are what this
// command makes from the shared data, byte for byte, licences included.
func TestShippedDatasetsAreReproducible(t *testing.T) {
	for _, c := range []struct{ src, in, out string }{
		{"bitext", "bitext/dev.csv", "bitext/dev.jsonl"},
		{"bitext", "bitext/train.csv", "bitext/train.jsonl"},
		{"hint3", "hint3/curekart_train.csv", "hint3/curekart_train.jsonl"},
	} {
		t.Run(c.out, func(t *testing.T) {
			if _, err := os.Stat(shared + c.in); errors.Is(err, fs.ErrNotExist) {
				t.Skipf("shared data %s not present", c.in)
			}
			out := filepath.Join(t.TempDir(), filepath.Base(c.out))
			if _, err := convert(c.src, shared+c.in, out); err != nil {
				t.Fatal(err)
			}
			shipped := "../../../processors/rules/testdata/datasets/"
			for _, pair := range [][2]string{{out, shipped + c.out}} {
				a, _ := os.ReadFile(pair[0])
				b, err := os.ReadFile(pair[1])
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("%s differs from a fresh conversion (err %v); rerun the command in the package doc", pair[1], err)
				}
			}
			for _, name := range licenceFiles {
				src, err := os.ReadFile(filepath.Join(shared, filepath.Dir(c.in), name))
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				dst, err2 := os.ReadFile(filepath.Join(shipped, filepath.Dir(c.out), name))
				if err != nil || err2 != nil || !bytes.Equal(src, dst) {
					t.Errorf("%s/%s is not a copy of the shared file (%v, %v)", filepath.Dir(c.out), name, err, err2)
				}
			}
		})
	}
}
