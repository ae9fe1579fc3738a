// Command convert turns a public routing set from /work/shared/data into the
// eval JSONL format and copies its licence and SOURCE.txt beside the output,
// as their licences require. Run from the repository root:
//
//	go run ./internal/eval/convert -src bitext -in /work/shared/data/bitext/dev.csv \
//	    -out processors/rules/testdata/datasets/bitext/dev.jsonl
//	go run ./internal/eval/convert -src bitext -in /work/shared/data/bitext/train.csv \
//	    -out processors/rules/testdata/datasets/bitext/train.jsonl
//	go run ./internal/eval/convert -src hint3 -in /work/shared/data/hint3/curekart_train.csv \
//	    -out processors/rules/testdata/datasets/hint3/curekart_train.jsonl
//
// Ids are "<src>-<input base name>-<row>" (e.g. "bitext-dev-0001"), rows
// numbered from 1 in file order, so a converted file is reproducible byte
// for byte. Exit codes: 0 done, 1 failed, 2 usage.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/triage/triage/internal/eval"
)

// licenceFiles are copied from the input's directory when present.
var licenceFiles = []string{"LICENSE", "LICENSE.md", "SOURCE.txt"}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("src", "", "bitext or hint3")
	in := fs.String("in", "", "input CSV file")
	out := fs.String("out", "", "output JSONL file (its directory is created)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *src == "" || *in == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: convert -src bitext|hint3 -in FILE.csv -out FILE.jsonl")
		return 2
	}
	n, err := convert(*src, *in, *out)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d cases to %s\n", n, *out)
	return 0
}

func convert(src, in, out string) (int, error) {
	r, err := os.Open(in)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return 0, err
	}
	// Write beside the output and rename, so a failure leaves it untouched.
	f, err := os.CreateTemp(filepath.Dir(out), ".convert-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	prefix := src + "-" + strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	n, err := eval.Convert(src, r, w, prefix)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	if err != nil {
		return n, err
	}
	for _, name := range licenceFiles {
		if err := copyFile(filepath.Join(filepath.Dir(in), name), filepath.Join(filepath.Dir(out), name)); err != nil {
			return n, err
		}
	}
	return n, nil
}

// copyFile copies from to to; a missing source is not an error.
func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
