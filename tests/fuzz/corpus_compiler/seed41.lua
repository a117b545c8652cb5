x = "\z   
  abc\65\066\x41\u{7FF}\u{7FFFFFFF}"