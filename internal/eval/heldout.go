package eval

import (
	"os"
	"path/filepath"
	"slices"
)

// HeldOutMarker is the file whose presence in a labelled set's directory
// marks the set as held out: scored once, never fitted, trained or tuned
// on. Every tool that collects labelled sets (the calibration fit, the
// built-in routing model's training, the rules' golden test) skips such a
// directory.
const HeldOutMarker = "HELDOUT"

// HeldOut reports whether the labelled file at path is in a held-out
// set's directory.
func HeldOut(path string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), HeldOutMarker))
	return err == nil
}

// StudiedFiles lists the labelled files matching globs (relative to
// root), relative to root with slashes, sorted, without held-out sets
// and without the files named in except: the sets a fit or a training may
// read. It fails only on a malformed glob; no match is an empty list.
func StudiedFiles(root string, globs []string, except ...string) ([]string, error) {
	var files []string
	for _, g := range globs {
		ms, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			rel, err := filepath.Rel(root, m)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			if !HeldOut(m) && !slices.Contains(except, rel) {
				files = append(files, rel)
			}
		}
	}
	slices.Sort(files)
	return files, nil
}
