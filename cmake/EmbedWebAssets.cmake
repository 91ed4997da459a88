# The dashboard (web/, TypeScript) is bundled by `npm run build` (esbuild) into
# <build>/web-dist and compiled into the binary by assembler .incbin directives (no bytes pass
# through the C++ compiler), so `oiis serve` needs no files beside it. Without npm or without
# web/node_modules (scripts/install-deps runs `npm ci` there) the binary embeds nothing and
# says so at `/`.
function(oiis_embed_web_assets target)
  set(out_cpp ${CMAKE_BINARY_DIR}/generated/web_assets_embedded.cpp)
  set(dist ${CMAKE_BINARY_DIR}/web-dist)
  set(web ${CMAKE_SOURCE_DIR}/web)
  find_program(OIIS_NPM npm)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${web}/package-lock.json)
  if(OIIS_NPM AND EXISTS ${web}/node_modules AND EXISTS ${web}/package.json)
    file(GLOB_RECURSE web_srcs CONFIGURE_DEPENDS ${web}/src/* ${web}/public/*)
    add_custom_command(OUTPUT ${out_cpp}
      COMMAND ${CMAKE_COMMAND} -E env OIIS_WEB_OUT=${dist} ${OIIS_NPM} --prefix ${web} run --silent build
      COMMAND ${CMAKE_COMMAND} -DDIST=${dist} -DOUT=${out_cpp} -P ${CMAKE_SOURCE_DIR}/cmake/WriteWebAssets.cmake
      COMMAND ${CMAKE_COMMAND} -E touch ${out_cpp}
      DEPENDS ${web_srcs} ${web}/package.json ${web}/package-lock.json ${web}/build.mjs
              ${CMAKE_SOURCE_DIR}/cmake/WriteWebAssets.cmake
      COMMENT "Building the dashboard (web/) and embedding it"
      VERBATIM)
  else()
    message(STATUS "dashboard: npm or web/node_modules missing (scripts/install-deps installs "
                   "them): this binary serves no dashboard")
    file(REMOVE_RECURSE ${dist})
    execute_process(COMMAND ${CMAKE_COMMAND} -DDIST=${dist} -DOUT=${out_cpp}
                    -P ${CMAKE_SOURCE_DIR}/cmake/WriteWebAssets.cmake)
  endif()
  target_sources(${target} PRIVATE ${out_cpp})
  set_source_files_properties(${out_cpp} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
