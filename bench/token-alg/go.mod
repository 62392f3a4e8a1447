module sig
go 1.19
