ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
ifdef X
a:
	echo $(Y)
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
endif
