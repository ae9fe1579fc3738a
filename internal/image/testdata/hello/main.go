// Command hello is a tiny program the image tests build with
// CGO_ENABLED=0 to get a real static ELF binary quickly.
package main

import "fmt"

func main() { fmt.Println("hello from a static binary") }
